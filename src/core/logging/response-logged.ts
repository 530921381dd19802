/**
 * Which responses were already logged on `reinhardt.request` (Django's
 * `response._has_been_logged`): a view that logs its own 4xx with a more precise message
 * (`Method Not Allowed (PUT): /x`) marks the response, and the handler then does not log it
 * a second time. A WeakSet: a response is never kept alive by having been logged.
 */
const logged = new WeakSet<object>()

/** Marks `response` as logged. */
export function markResponseLogged(response: object): void {
  logged.add(response)
}

/** Whether `response` was logged already. */
export function isResponseLogged(response: object): boolean {
  return logged.has(response)
}
