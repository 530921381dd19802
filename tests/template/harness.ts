/**
 * Conformance harness: each case is a template (plus optional extra templates for
 * include/extends), a context and the expected output or error. Cases render through a real
 * Engine with a locmem loader, so inheritance and includes resolve as in an application.
 */
import { expect, it } from 'vitest'
import { Engine, LocmemLoader, type EngineOptions } from '../../src/template/index.js'

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
}

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
      if (typeof tc.out === 'string') {
        expect(await render(tc)).toBe(tc.out)
      } else {
        let error: unknown
        try {
          await render(tc)
        } catch (e) {
          error = e
        }
        expect(error).toBeInstanceOf(tc.out)
        if (tc.msg) expect((error as Error).message).toContain(tc.msg)
      }
    })
  }
}
