/**
 * Render the corpus with reinhardt and with Django (python3-django) and print the cases
 * whose output differs. Run: `npx tsx tests/template/django-diff/diff.ts`.
 * Exits 0 when everything Django could render matches, 1 otherwise, 2 when Django is
 * not installed. Random output ({% lorem %} random) is not part of the corpus.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Engine, LocmemLoader, markSafe } from '../../../src/template/index.js'

export interface CorpusCase {
  name: string
  t: string
  c?: Record<string, unknown>
  files?: Record<string, string>
  opts?: { string_if_invalid?: string }
  min?: [number, number]
  /** Settings overridden for this case (Django's names; the number formats and LANGUAGE_CODE). */
  settings?: CaseSettings
}

/** The settings a case may override, and the Engine option each one becomes. */
export interface CaseSettings {
  USE_THOUSAND_SEPARATOR?: boolean
  THOUSAND_SEPARATOR?: string
  NUMBER_GROUPING?: number | number[]
  DECIMAL_SEPARATOR?: string
  /**
   * Only for Django: a language without a format module (e.g. 'xx') makes Django use the
   * number settings themselves, which is what reinhardt always does.
   */
  LANGUAGE_CODE?: string
}

const here = dirname(fileURLToPath(import.meta.url))
export const corpusPath = join(here, 'corpus.json')

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode)
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>
    if (typeof o.$date === 'string') return new Date(o.$date)
    if (typeof o.$safe === 'string') return markSafe(o.$safe)
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]))
  }
  return value
}

/** Our output for one case: { output } or { error: class name }. */
export async function renderOurs(tc: CorpusCase): Promise<{ output?: string; error?: string }> {
  const engine = new Engine({
    loaders: [new LocmemLoader({ ...tc.files, 'main.html': tc.t })],
    stringIfInvalid: tc.opts?.string_if_invalid ?? '',
    useI18n: false, // render_django.py configures USE_I18N=False
    useThousandSeparator: tc.settings?.USE_THOUSAND_SEPARATOR,
    thousandSeparator: tc.settings?.THOUSAND_SEPARATOR,
    numberGrouping: tc.settings?.NUMBER_GROUPING,
    decimalSeparator: tc.settings?.DECIMAL_SEPARATOR,
  })
  try {
    return {
      output: await engine.renderToString(
        'main.html',
        decode(tc.c ?? {}) as Record<string, unknown>,
      ),
    }
  } catch (error) {
    return { error: (error as Error).name }
  }
}

/** Django's results, or null when no python3 with Django is available. */
export function renderDjango(): {
  version: string
  results: Record<string, { output?: string; error?: string; skipped?: boolean }>
} | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const out = execFileSync(python, [join(here, 'render_django.py'), corpusPath], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      return JSON.parse(out)
    } catch {
      // try the next interpreter
    }
  }
  return null
}

async function main(): Promise<void> {
  const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as CorpusCase[]
  const django = renderDjango()
  if (!django) {
    console.log('Django is not installed (apt-get install python3-django); nothing to compare.')
    process.exit(2)
  }
  let same = 0
  let skipped = 0
  const diffs: string[] = []
  for (const tc of corpus) {
    const theirs = django.results[tc.name]
    if (!theirs || theirs.skipped) {
      skipped++
      continue
    }
    const ours = await renderOurs(tc)
    if (ours.output === theirs.output && ours.error === theirs.error) same++
    else
      diffs.push(
        `--- ${tc.name}\n  django: ${JSON.stringify(theirs)}\n  ours:   ${JSON.stringify(ours)}`,
      )
  }
  console.log(
    `Django ${django.version}: ${same} identical, ${diffs.length} different, ${skipped} skipped (need a newer Django)`,
  )
  for (const d of diffs) console.log(d)
  process.exit(diffs.length ? 1 : 0)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void main()
