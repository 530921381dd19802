/** A function middleware: adds a Server-Timing header with the time spent in the app. */
import type { Middleware } from 'reinhardt/middleware'

export const serverTiming: Middleware = (getResponse) => async (request) => {
  const started = performance.now()
  const response = await getResponse(request)
  response.setHeader('Server-Timing', `app;dur=${(performance.now() - started).toFixed(2)}`)
  return response
}
