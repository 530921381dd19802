/**
 * The settings a request needs, read once at handler start-up so that the request never
 * touches the settings proxy on the hot path.
 */
import type { Settings } from '../conf/global-settings.js'

export interface RequestOptions {
  debug: boolean
  allowedHosts: readonly string[]
  useXForwardedHost: boolean
  useXForwardedPort: boolean
  secureProxySslHeader: readonly [string, string] | null
  dataUploadMaxMemorySize: number | null
  dataUploadMaxNumberFields: number | null
  dataUploadMaxNumberFiles: number | null
  fileUploadMaxMemorySize: number
  fileUploadMaxSize: number | null
  fileUploadTempDir: string | null
  defaultCharset: string
}

export function requestOptionsFromSettings(settings: Readonly<Settings>): RequestOptions {
  return Object.freeze({
    debug: settings.DEBUG,
    allowedHosts: Object.freeze([...settings.ALLOWED_HOSTS]),
    useXForwardedHost: settings.USE_X_FORWARDED_HOST,
    useXForwardedPort: settings.USE_X_FORWARDED_PORT,
    secureProxySslHeader: settings.SECURE_PROXY_SSL_HEADER,
    dataUploadMaxMemorySize: settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    dataUploadMaxNumberFields: settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    dataUploadMaxNumberFiles: settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    fileUploadMaxMemorySize: settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
    fileUploadMaxSize: settings.FILE_UPLOAD_MAX_SIZE,
    fileUploadTempDir: settings.FILE_UPLOAD_TEMP_DIR,
    defaultCharset: settings.DEFAULT_CHARSET,
  })
}

/** Options for a request built outside a handler (RequestFactory, tests): Django's defaults. */
export const defaultRequestOptions: RequestOptions = Object.freeze({
  debug: false,
  allowedHosts: Object.freeze(['testserver', 'localhost', '127.0.0.1', '[::1]']),
  useXForwardedHost: false,
  useXForwardedPort: false,
  secureProxySslHeader: null,
  dataUploadMaxMemorySize: 2_621_440,
  dataUploadMaxNumberFields: 1000,
  dataUploadMaxNumberFiles: 100,
  fileUploadMaxMemorySize: 2_621_440,
  fileUploadMaxSize: null,
  fileUploadTempDir: null,
  defaultCharset: 'utf-8',
})
