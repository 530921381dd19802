/**
 * Relative template names: `{% include "./card.html" %}` inside `shop/list.html` means
 * `shop/card.html`. Names not starting with `./` or `../` are used as they are.
 */
import { TemplateSyntaxError } from '../errors.js'

/** Resolve `name` against the directory of `current` when it is relative. */
export function resolveTemplateName(name: string, current: string): string {
  if (!name.startsWith('./') && !name.startsWith('../')) return name
  const parts = current.split('/').slice(0, -1)
  for (const part of name.split('/')) {
    if (part === '.' || part === '') continue
    if (part === '..') {
      if (parts.length === 0) {
        throw new TemplateSyntaxError(
          `The relative path '${name}' points outside the file hierarchy that template '${current}' is in.`,
        )
      }
      parts.pop()
    } else parts.push(part)
  }
  const resolved = parts.join('/')
  if (resolved === current) {
    throw new TemplateSyntaxError(
      `The relative path '${name}' was translated to template name '${current}', the same template in which the tag appears.`,
    )
  }
  return resolved
}
