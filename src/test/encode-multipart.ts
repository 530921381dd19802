/**
 * Encodes form data as multipart/form-data for the test client and RequestFactory.
 * Values are strings (numbers and booleans are stringified), SimpleUploadedFile for files,
 * or arrays of those for repeated fields.
 */
import { SimpleUploadedFile } from './simple-uploaded-file.js'

export type FormValue = string | number | boolean | SimpleUploadedFile
export type FormData = Readonly<Record<string, FormValue | readonly FormValue[] | null | undefined>>

/** The boundary the test client uses (as Django's, any fixed string absent from the data). */
export const BOUNDARY = 'ReinhardtTestBoundary7MA4YWxkTrZu0gW'
export const MULTIPART_CONTENT = `multipart/form-data; boundary=${BOUNDARY}`

function quote(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r|\n/g, ' ')
}

export function encodeMultipart(data: FormData, boundary = BOUNDARY): Buffer {
  const parts: Buffer[] = []
  for (const [name, raw] of Object.entries(data)) {
    if (raw === null || raw === undefined) continue
    const values = Array.isArray(raw) ? (raw as readonly FormValue[]) : [raw as FormValue]
    for (const value of values) {
      if (value instanceof SimpleUploadedFile) {
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; ` +
              `filename="${quote(value.name)}"\r\nContent-Type: ${value.contentType}\r\n\r\n`,
          ),
          value.content,
          Buffer.from('\r\n'),
        )
      } else {
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n` +
              `${String(value)}\r\n`,
          ),
        )
      }
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

/** Encodes data as a query string / urlencoded body; arrays become repeated keys. */
export function encodeUrlencoded(
  data: Readonly<Record<string, unknown>> | URLSearchParams | string,
): string {
  if (typeof data === 'string') return data
  if (data instanceof URLSearchParams) return data.toString()
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
    else params.append(key, String(value))
  }
  return params.toString()
}
