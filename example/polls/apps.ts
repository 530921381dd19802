/** The polls app of Django's tutorial: models, migrations, templates, views. */
import { defineApp } from 'reinhardt/apps'
import { seed } from './commands/seed.js'

export default defineApp({
  name: 'polls',
  path: import.meta.dirname,
  importModels: () => import('./models.js'),
  commands: { seed },
})
