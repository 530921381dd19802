import { describe, expect, it } from 'vitest'
import { FALLBACKS, LANGUAGE_ROWS } from './lang-info.js'
import { getLanguageInfo, UnknownLanguageCode } from './language-info.js'

describe('getLanguageInfo', () => {
  it('gives Django’s fields for a code', () => {
    expect(getLanguageInfo('de')).toEqual({
      bidi: false,
      code: 'de',
      name: 'German',
      name_local: 'Deutsch',
      name_translated: 'German',
    })
    expect(getLanguageInfo('ar').bidi).toBe(true)
    expect(getLanguageInfo('pt-br').name_local).toBe('Português Brasileiro')
  })

  it('follows fallback rows and the generic language', () => {
    expect(getLanguageInfo('zh-tw').code).toBe('zh-hant')
    expect(getLanguageInfo('zh-sg').code).toBe('zh-hans')
    expect(getLanguageInfo('de-at').code).toBe('de')
    expect(getLanguageInfo('sr-latn').code).toBe('sr-latn')
  })

  it('throws UnknownLanguageCode with Django’s message', () => {
    expect(() => getLanguageInfo('xx')).toThrow(UnknownLanguageCode)
    expect(() => getLanguageInfo('xx')).toThrow('Unknown language code xx.')
    expect(() => getLanguageInfo('xx-yy')).toThrow('Unknown language code xx-yy and xx.')
    expect(() => getLanguageInfo('')).toThrow('Unknown language code .')
    let caught: unknown
    try {
      getLanguageInfo('EN')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(UnknownLanguageCode)
    expect((caught as UnknownLanguageCode).code).toBe('EN')
  })

  it('returns frozen, shared records', () => {
    const info = getLanguageInfo('fr')
    expect(Object.isFrozen(info)).toBe(true)
    expect(getLanguageInfo('fr-ca')).toBe(info)
  })
})

describe('the table', () => {
  it('has unique lower-case codes and every fallback points at a row', () => {
    const codes = LANGUAGE_ROWS.map(([code]) => code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toBe(code.toLowerCase())
    for (const [, target] of FALLBACKS) expect(codes).toContain(target)
    expect(codes.length).toBeGreaterThan(95)
  })

  it('marks exactly the right-to-left languages', () => {
    const rtl = LANGUAGE_ROWS.filter((row) => row[3] === true).map(([code]) => code)
    expect(rtl.sort()).toEqual(['ar', 'ar-dz', 'az', 'ckb', 'fa', 'he', 'ug', 'ur'])
  })
})
