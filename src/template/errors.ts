/**
 * Template errors. Each carries where it happened (template name, line, column) and a short
 * excerpt of the source with a caret under the column, so the technical 500 page and a
 * terminal stack trace both point at the template line to fix.
 */

/** Where in a template source something happened. */
export interface TemplateLocation {
  /** Template name as requested (`'blog/post.html'`), or `'<string>'` for fromString(). */
  templateName: string
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
  /** A few numbered source lines around the error, with a `>` marker and a caret. */
  excerpt: string
}

/** Base of the template errors that can carry a location. */
export class TemplateError extends Error {
  override name = 'TemplateError'
  /** Set once the error is tied to a template position (by the parser or a node's render). */
  location: TemplateLocation | undefined

  /** Attach a location unless one is already set; appends it to the message. */
  locate(location: TemplateLocation): this {
    if (this.location) return this
    this.location = location
    this.message += `\n  in template '${location.templateName}', line ${location.line}, column ${location.column}\n${location.excerpt}`
    return this
  }
}

/**
 * The template source is malformed (unknown tag, unclosed block, bad filter arguments, …).
 *
 * @example
 * try { engine.fromString('{% if %}') } catch (e) { e instanceof TemplateSyntaxError }
 */
export class TemplateSyntaxError extends TemplateError {
  override name = 'TemplateSyntaxError'
}

/**
 * No loader found the template. `tried` lists every place looked at, with the reason.
 *
 * @example
 * try { engine.getTemplate('missing.html') } catch (e) { console.log(e.tried) }
 */
export class TemplateDoesNotExist extends TemplateError {
  override name = 'TemplateDoesNotExist'
  readonly templateName: string
  readonly tried: ReadonlyArray<{ origin: string; reason: string }>
  /** Other names tried, for select_template-style lookups. */
  readonly chain: ReadonlyArray<TemplateDoesNotExist>

  constructor(
    templateName: string,
    tried: ReadonlyArray<{ origin: string; reason: string }> = [],
    chain: ReadonlyArray<TemplateDoesNotExist> = [],
  ) {
    const lines = tried.map((t) => `\n  - ${t.origin} (${t.reason})`).join('')
    super(
      tried.length
        ? `Template '${templateName}' does not exist. Places tried:${lines}`
        : `Template '${templateName}' does not exist (no template loader is configured: set dirs, appDirs or loaders on the Engine).`,
    )
    this.templateName = templateName
    this.tried = tried
    this.chain = chain
  }
}

/**
 * A variable lookup failed. The engine catches it and renders `stringIfInvalid`; it escapes
 * only from a filter argument or a custom tag that resolves strictly.
 */
export class VariableDoesNotExist extends TemplateError {
  override name = 'VariableDoesNotExist'
  constructor(
    readonly variable: string,
    readonly bit: string,
  ) {
    super(`Failed lookup for key [${bit}] in '${variable}'`)
  }
}

/** Build the excerpt shown with an error: two lines either side, the failing one marked. */
export function sourceExcerpt(source: string, line: number, column: number): string {
  const lines = source.split('\n')
  const first = Math.max(1, line - 2)
  const last = Math.min(lines.length, line + 2)
  const width = String(last).length
  const out: string[] = []
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? '').slice(0, 200)
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`)
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`)
  }
  return out.join('\n')
}
