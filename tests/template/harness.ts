/**
 * Conformance harness: each case is a template (plus optional extra templates for
 * include/extends), a context and the expected output or error. Cases render through a real
 * Engine with a (cached) locmem loader, so inheritance and includes resolve as in an
 * application.
 *
 * Every case is rendered RENDERS times from the same compiled templates and every render
 * must give the expected result: expressions switch to generated resolvers once they are hot
 * (src/template/compiled-expression.ts), so the later renders check the compiled path against
 * the same expectations as the first, general one.
 */
import { expect, it } from 'vitest'
import { CachedLoader, Engine, LocmemLoader, type EngineOptions } from '../../src/template/index.js'

export interface Case {
  /** Template source of 'main.html'. */
  t: string
  /** Context variables. */
  c?: Record<string, unknown>
  /** Expected output, or an Error class the render/compile must throw. */
  out: string | (new (...args: never[]) => Error)
  /** Other templates available by name. */
  files?: Record<string, string>
  /** Engine options. */
  opts?: EngineOptions
  /** Substring the error message must contain. */
  msg?: string
  /** Render only once (the context holds something a render consumes, e.g. an iterator). */
  once?: boolean
}

/** Renders per case: past the point where hot expressions get compiled. */
export const RENDERS = 6

/** Build an engine with the given templates. */
export function engineWith(files: Record<string, string>, opts: EngineOptions = {}): Engine {
  return new Engine({ ...opts, loaders: [new LocmemLoader(files)] })
}

/** Render a case (sync or async) to a string. */
export async function render(tc: Case): Promise<string> {
  const engine = engineWith({ ...tc.files, 'main.html': tc.t }, tc.opts)
  return engine.renderToString('main.html', tc.c ?? {})
}

/** Register one vitest case per table entry. */
export function cases(table: Record<string, Case>): void {
  for (const [name, tc] of Object.entries(table)) {
    it(name, async () => {
      const engine = new Engine({
        ...tc.opts,
        loaders: [new CachedLoader([new LocmemLoader({ ...tc.files, 'main.html': tc.t })])],
      })
      const renders = tc.once ? 1 : RENDERS
      for (let i = 0; i < renders; i++) {
        const attempt = async (): Promise<string> => engine.renderToString('main.html', tc.c ?? {})
        if (typeof tc.out === 'string') {
          expect(await attempt(), `render ${i + 1}`).toBe(tc.out)
        } else {
          let error: unknown
          try {
            await attempt()
          } catch (e) {
            error = e
          }
          expect(error, `render ${i + 1}`).toBeInstanceOf(tc.out)
          if (tc.msg) expect((error as Error).message, `render ${i + 1}`).toContain(tc.msg)
        }
      }
    })
  }
}
