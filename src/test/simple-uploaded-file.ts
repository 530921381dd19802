/**
 * A file to upload from tests, as Django's SimpleUploadedFile.
 *
 * ```ts
 * await client.post('/upload/', { doc: new SimpleUploadedFile('notes.txt', 'hello', 'text/plain') })
 * ```
 */
export class SimpleUploadedFile {
  readonly name: string
  readonly content: Buffer
  readonly contentType: string

  constructor(
    name: string,
    content: string | Uint8Array,
    contentType = 'application/octet-stream',
  ) {
    this.name = name
    this.content = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content)
    this.contentType = contentType
  }
}
