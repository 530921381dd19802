/** The example project's root URLconf. */
import { include, path } from 'reinhardt/urls'
import { RedirectView } from 'reinhardt/views'
import * as articles from './articles/urls.js'
import * as polls from './polls/urls.js'
import * as views from './views.js'

export const urlpatterns = [
  path('', views.index, { name: 'index' }),
  path('articles/', include(articles)),
  path('polls/', include(polls)),
  path('api/items/<int:id>/', views.apiItem, { name: 'api-item' }),
  path('hello/<str:name>/', views.Hello.asView(), { name: 'hello' }),
  path('stream/', views.stream, { name: 'stream' }),
  path('source/', views.source, { name: 'source' }),
  path('contact/', views.contact, { name: 'contact' }),
  path('thanks/', views.thanks, { name: 'thanks' }),
  path('home/', RedirectView.asView({ url: '/' }), { name: 'old-home' }),
  path('forbidden/', views.forbidden, { name: 'forbidden' }),
  path('crash/', views.crash, { name: 'crash' }),
]
