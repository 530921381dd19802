/**
 * Source lines around a stack frame, for the technical 500 page.
 *
 * A frame that names a TypeScript file (the stack was source-mapped already: tsx,
 * `--enable-source-maps`, vitest) is read from disk. A frame of compiled JavaScript whose
 * stack was not mapped is mapped here: with the map Node already loaded
 * (`module.findSourceMap`), or else with the file's own `//# sourceMappingURL` (a sibling
 * .map file or an inline data: URL), through node:module's SourceMap. The original text
 * comes from the map's sourcesContent or from disk. Files are read once per page (the cache
 * lives in one SourceReader), bounded in size, and any failure just means "no context".
 */
import { readFileSync, statSync } from 'node:fs'
import { findSourceMap, SourceMap, type SourceMapPayload } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { StackFrame } from './stack-frames.js'

/** Lines shown before and after the frame's line (Django shows 7; the brief asks ±5). */
export const CONTEXT_LINES = 5
/** Files larger than this are not read (a bundle or generated file is no help here). */
const MAX_SOURCE_BYTES = 2 * 1024 * 1024
/** Longer lines are cut (minified code would fill the page). */
const MAX_LINE_LENGTH = 300

export interface SourceContext {
  /** The file the lines come from (after source mapping). */
  file: string
  /** 1-based number of the first line in `lines`. */
  firstLine: number
  lines: string[]
  /** 1-based line of the frame itself. */
  line: number
  /** Set when the frame was mapped from compiled JavaScript. */
  mappedFrom?: string
}

/** Reads and caches sources and source maps for the frames of one page. */
export class SourceReader {
  readonly #files = new Map<string, string[] | null>()
  readonly #maps = new Map<string, { map: SourceMap; url: string } | null>()

  /** The lines around `frame`, or null when its source cannot be had. */
  contextFor(frame: StackFrame): SourceContext | null {
    if (frame.file === null || frame.line === null || frame.kind === 'internal') return null
    try {
      const path = toPath(frame.file)
      if (path === null) return null
      if (/\.[cm]?js$/.test(path)) {
        const mapped = this.#mapped(path, frame.line, frame.column ?? 1)
        if (mapped !== null) return mapped
      }
      const lines = this.#lines(path)
      return lines === null ? null : around(path, lines, frame.line)
    } catch {
      return null
    }
  }

  #mapped(path: string, line: number, column: number): SourceContext | null {
    const found = this.#sourceMap(path)
    if (found === null) return null
    const entry = found.map.findEntry(line - 1, column - 1) as {
      originalSource?: string
      originalLine?: number
    }
    if (entry.originalSource === undefined || entry.originalLine === undefined) return null
    const sourceUrl = resolveSource(entry.originalSource, found.url)
    const sourcePath = toPath(sourceUrl) ?? sourceUrl
    const payload = found.map.payload
    const index = payload.sources.findIndex((s) => resolveSource(s, found.url) === sourceUrl)
    const embedded = index === -1 ? undefined : payload.sourcesContent?.[index]
    const lines = typeof embedded === 'string' ? splitLines(embedded) : this.#lines(sourcePath)
    if (lines === null) return null
    const context = around(sourcePath, lines, entry.originalLine + 1)
    return context === null ? null : { ...context, mappedFrom: `${path}:${line}` }
  }

  #sourceMap(path: string): { map: SourceMap; url: string } | null {
    if (this.#maps.has(path)) return this.#maps.get(path)!
    let found: { map: SourceMap; url: string } | null = null
    try {
      const loaded = findSourceMap(path) ?? findSourceMap(pathToFileURL(path).href)
      if (loaded !== undefined) found = { map: loaded, url: pathToFileURL(path).href }
      else found = this.#readSourceMap(path)
    } catch {
      found = null
    }
    this.#maps.set(path, found)
    return found
  }

  #readSourceMap(path: string): { map: SourceMap; url: string } | null {
    const lines = this.#lines(path)
    if (lines === null) return null
    let reference: string | undefined
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 5; i--) {
      const m = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(lines[i]!)
      if (m) {
        reference = m[1]
        break
      }
    }
    if (reference === undefined) return null
    let payload: SourceMapPayload
    let url: string
    if (reference.startsWith('data:')) {
      const comma = reference.indexOf(',')
      const data = reference.slice(comma + 1)
      const text = /;base64$/.test(reference.slice(0, comma))
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeURIComponent(data)
      payload = JSON.parse(text) as SourceMapPayload
      url = pathToFileURL(path).href
    } else {
      const mapPath = resolve(dirname(path), decodeURIComponent(reference))
      if (statSync(mapPath).size > MAX_SOURCE_BYTES * 4) return null
      payload = JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMapPayload
      url = pathToFileURL(mapPath).href
    }
    if (payload.sourceRoot) {
      payload = { ...payload, sources: payload.sources.map((s) => payload.sourceRoot + s) }
    }
    return { map: new SourceMap(payload), url }
  }

  #lines(path: string): string[] | null {
    if (this.#files.has(path)) return this.#files.get(path)!
    let lines: string[] | null = null
    try {
      if (statSync(path).size <= MAX_SOURCE_BYTES) lines = splitLines(readFileSync(path, 'utf8'))
    } catch {
      lines = null
    }
    this.#files.set(path, lines)
    return lines
  }
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/)
}

function around(file: string, lines: string[], line: number): SourceContext | null {
  if (line < 1 || line > lines.length) return null
  const first = Math.max(1, line - CONTEXT_LINES)
  const last = Math.min(lines.length, line + CONTEXT_LINES)
  const shown = lines
    .slice(first - 1, last)
    .map((text) => (text.length > MAX_LINE_LENGTH ? text.slice(0, MAX_LINE_LENGTH) + '…' : text))
  return { file, firstLine: first, lines: shown, line }
}

function toPath(file: string): string | null {
  if (file.startsWith('file://')) return fileURLToPath(file)
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return null
  return file
}

function resolveSource(source: string, mapUrl: string): string {
  try {
    return new URL(source, mapUrl).href
  } catch {
    return source
  }
}
