/**
 * Settings of the example project (`npm start` serves it with `reinhardt runserver`).
 * Django's names; values, not dotted strings.
 */
import { defineSettings } from 'reinhardt/conf'
import { CommonMiddleware, SecurityMiddleware, XFrameOptionsMiddleware } from 'reinhardt/middleware'
import { contextProcessors } from 'reinhardt/template'
import articles from './articles/apps.js'
import polls from './polls/apps.js'
import { serverTiming } from './middleware.js'
import * as urls from './urls.js'

export default defineSettings({
  DEBUG: process.env.REINHARDT_DEBUG !== '0',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  SECRET_KEY: 'example-only-not-secret',
  INSTALLED_APPS: [articles, polls],
  MIDDLEWARE: [SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware, serverTiming],
  ROOT_URLCONF: urls,
  TEMPLATES: [
    {
      DIRS: [new URL('./templates', import.meta.url).pathname],
      APP_DIRS: true,
      OPTIONS: { contextProcessors: [contextProcessors.debug, contextProcessors.request] },
    },
  ],
  // SQLite file beside this module, created and migrated by `npm start` on first run.
  DATABASES: {
    default: {
      ENGINE: 'sqlite',
      NAME: process.env.REINHARDT_EXAMPLE_DB ?? new URL('./db.sqlite3', import.meta.url).pathname,
    },
  },
  DATA_UPLOAD_MAX_MEMORY_SIZE: 1024 * 1024,
})
