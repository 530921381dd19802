import { describe, expect, it } from 'vitest'
import {
  SafeString,
  conditionalEscape,
  escape,
  escapeHtml,
  isSafe,
  markSafe,
} from './safe-string.js'

describe('safe strings', () => {
  it('markSafe returns a SafeString that behaves like a string', () => {
    const s = markSafe('<b>')
    expect(s).toBeInstanceOf(SafeString)
    expect(s.length).toBe(3)
    expect(`${s}`).toBe('<b>')
    expect(markSafe(s)).toBe(s)
    expect(isSafe(s)).toBe(true)
    expect(isSafe('<b>')).toBe(false)
  })

  it('escape always escapes; conditionalEscape leaves safe values', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#x27;')
    expect(escape(markSafe('<')).valueOf()).toBe('&lt;')
    expect(conditionalEscape(markSafe('<')).valueOf()).toBe('<')
    expect(conditionalEscape('<').valueOf()).toBe('&lt;')
    expect(conditionalEscape({ __html__: () => '<i>' }).valueOf()).toBe('<i>')
  })
})
