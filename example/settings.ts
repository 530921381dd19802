/** Settings of the example project (Django's names; values, not dotted strings). */
import type { Settings } from 'reinhardt/conf'
import { serverTiming } from './middleware.js'
import * as urls from './urls.js'

export const settings: Partial<Settings> = {
  DEBUG: process.env.REINHARDT_DEBUG !== '0',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  SECRET_KEY: 'example-only-not-secret',
  ROOT_URLCONF: urls,
  MIDDLEWARE: [serverTiming],
  DATA_UPLOAD_MAX_MEMORY_SIZE: 1024 * 1024,
}
