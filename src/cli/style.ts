/**
 * Terminal colours for CLI output (Django's `color_style()`): ANSI codes only when the
 * stream is a TTY and neither NO_COLOR nor `--no-color` asks otherwise, so pipes, files
 * and CI logs get plain text.
 */
import type { Writable } from 'node:stream'

export interface Style {
  readonly enabled: boolean
  error(text: string): string
  warning(text: string): string
  success(text: string): string
  notice(text: string): string
  /** Colour of a request log line, by status class (Django's ServerFormatter). */
  httpStatus(status: number, text: string): string
}

const codes = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  magenta: [35, 39],
  bold: [1, 22],
  dim: [2, 22],
} as const

type Colour = keyof typeof codes

function paint(colour: Colour, text: string): string {
  const [open, close] = codes[colour]
  return `\x1b[${open}m${text}\x1b[${close}m`
}

const identity = (text: string): string => text

/** True when `stream` should get colours. */
export function supportsColor(
  stream: Writable,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return (stream as { isTTY?: boolean }).isTTY === true && env.TERM !== 'dumb'
}

export function createStyle(enabled: boolean): Style {
  if (!enabled) {
    return {
      enabled,
      error: identity,
      warning: identity,
      success: identity,
      notice: identity,
      httpStatus: (_status, text) => text,
    }
  }
  return {
    enabled,
    error: (text) => paint('red', paint('bold', text)),
    warning: (text) => paint('yellow', text),
    success: (text) => paint('green', text),
    notice: (text) => paint('red', text),
    httpStatus(status, text) {
      if (status >= 500) return paint('magenta', paint('bold', text))
      if (status === 404) return paint('yellow', text)
      if (status >= 400) return paint('red', paint('bold', text))
      if (status === 304) return paint('cyan', text)
      if (status >= 300) return paint('green', text)
      if (status >= 200) return text
      return paint('bold', text)
    },
  }
}
