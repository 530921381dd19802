/**
 * The Django comparison as a test: renders the corpus with Django (when python3-django is
 * installed; skipped otherwise) and with reinhardt, and expects identical output or the
 * same error class. Cases needing a newer Django than the installed one are skipped.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { corpusPath, renderDjango, renderOurs, type CorpusCase } from './diff.js'

const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as CorpusCase[]
const django = renderDjango()

describe.skipIf(django === null)(
  `identical to Django ${django?.version ?? '(not installed)'}`,
  () => {
    for (const tc of corpus) {
      const theirs = django?.results[tc.name]
      it.skipIf(!theirs || theirs.skipped === true)(tc.name, async () => {
        const ours = await renderOurs(tc)
        if (theirs?.error) expect(ours.error).toBe(theirs.error)
        else expect(ours.output).toBe(theirs?.output)
      })
    }
  },
)

describe('corpus renders without Django', () => {
  it('every case renders or fails with a template error', async () => {
    for (const tc of corpus) {
      const ours = await renderOurs(tc)
      if (ours.error) expect(tc.name).toMatch(/^errors /)
    }
  })
})
