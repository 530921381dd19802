/**
 * The built-in library: every standard tag and filter, available in all templates.
 */
import { markScopeSafeFilters } from '../compiled-expression.js'
import { Library } from '../library.js'
import { registerDateFilters } from './filters/dates.js'
import { registerHtmlFilters } from './filters/html.js'
import { registerListFilters } from './filters/lists.js'
import { registerNumberFilters } from './filters/numbers.js'
import { registerStringFilters } from './filters/string.js'
import { registerConditionals } from './tags/conditionals.js'
import { registerInheritance } from './tags/inheritance.js'
import { registerLoops } from './tags/loops.js'
import { registerOutput } from './tags/output.js'
import { registerPartials } from './tags/partials.js'
import { registerScoping } from './tags/scoping.js'

function build(): Library {
  const lib = new Library()
  registerConditionals(lib)
  registerLoops(lib)
  registerInheritance(lib)
  registerScoping(lib)
  registerOutput(lib)
  registerPartials(lib)
  registerStringFilters(lib)
  registerHtmlFilters(lib)
  registerNumberFilters(lib)
  registerListFilters(lib)
  registerDateFilters(lib)
  return lib
}

/** The standard tags and filters (Django's `django.template.defaulttags` / `defaultfilters`). */
export const builtinLibrary: Library = build()
markScopeSafeFilters(builtinLibrary.filters.values())
