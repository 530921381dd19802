/** Every contract case file, in the order the suite registers them. */
import { cachingCases } from './caching.js'
import type { ContractCases } from './context.js'
import { expressionCases } from './expressions.js'
import { jsonCases } from './json.js'
import { lookupCases } from './lookups.js'
import { orderingCases } from './ordering.js'
import { retrievalCases } from './retrieval.js'
import { shapingCases } from './shaping.js'
import { slicedPrefetchCases } from './sliced-prefetch.js'
import { uuidCases } from './uuid.js'
import { writeCases } from './writes.js'

export const contractCases: readonly ContractCases[] = [
  retrievalCases,
  shapingCases,
  lookupCases,
  expressionCases,
  jsonCases,
  writeCases,
  cachingCases,
  orderingCases,
  slicedPrefetchCases,
  uuidCases,
]
