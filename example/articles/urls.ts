/** An included URLconf with an application namespace: reverse('articles:year', …). */
import { path } from 'reinhardt/urls'
import { yearArchive } from '../views.js'

export const appName = 'articles'
export const urlpatterns = [path('<int:year>/', yearArchive, { name: 'year' })]
