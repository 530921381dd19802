/** URLs of the polls app, namespaced: reverse('polls:detail', { args: [id] }). */
import { path } from 'reinhardt/urls'
import * as views from './views.js'

export const appName = 'polls'
export const urlpatterns = [
  path('', views.index, { name: 'index' }),
  path('<int:questionId>/', views.detail, { name: 'detail' }),
  path('<int:questionId>/results/', views.results, { name: 'results' }),
  path('<int:questionId>/vote/', views.vote, { name: 'vote' }),
]
