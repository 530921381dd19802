/**
 * Lexer: splits template source into tokens. Text runs, `{{ variable }}`, `{% block tag %}`
 * and `{# comment #}`; as in Django a tag opens and closes on the same line, otherwise its
 * characters are plain text. Inside `{% verbatim %}` everything up to the matching
 * `{% endverbatim %}` is text. Every token records its 1-based line and column.
 *
 * The scan is linear: the position of the next closer of each kind and of the next newline
 * are remembered, so a line full of unclosed `{{` does not rescan the rest of the line.
 */

/** Token kinds. */
export const TokenType = { Text: 0, Var: 1, Block: 2, Comment: 3 } as const
export type TokenType = (typeof TokenType)[keyof typeof TokenType]

/** One lexed token: `contents` is the inside of the tag, trimmed (the raw text for Text). */
export class Token {
  constructor(
    readonly type: TokenType,
    readonly contents: string,
    readonly line: number,
    readonly column: number,
  ) {}

  /** Split tag contents on whitespace, keeping quoted strings (and `_("…")`) whole. */
  splitContents(): string[] {
    return smartSplit(this.contents)
  }
}

const SPLIT_RE = /(?:[^\s'"]*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+|\S+/g

/** Whitespace split that keeps quoted substrings together, like Django's smart_split. */
export function smartSplit(text: string): string[] {
  return text.match(SPLIT_RE) ?? []
}

const CLOSERS: Record<string, string> = { '{': '}}', '%': '%}', '#': '#}' }

/**
 * Tokenize a template source.
 *
 * @example
 * tokenize('Hi {{ name }}!').map((t) => t.type) // [Text, Var, Text]
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  const n = source.length
  let pos = 0
  let textStart = 0
  let line = 1
  let lineStart = 0 // offset of the current line's first character
  let lineCounted = 0 // offset up to which newlines have been counted into `line`
  let verbatimEnd: string | null = null
  // Memo of the next closer / newline at or after the last search start (linear scanning).
  const closerAt: Record<string, number> = { '}}': -2, '%}': -2, '#}': -2 }
  let newlineAt = -2

  const advanceLines = (to: number): void => {
    for (
      let i = source.indexOf('\n', lineCounted);
      i !== -1 && i < to;
      i = source.indexOf('\n', i + 1)
    ) {
      line++
      lineStart = i + 1
    }
    lineCounted = to
  }
  const pushText = (end: number): void => {
    if (end > textStart) {
      advanceLines(textStart)
      tokens.push(
        new Token(TokenType.Text, source.slice(textStart, end), line, textStart - lineStart + 1),
      )
    }
  }

  while (pos < n) {
    const open = source.indexOf('{', pos)
    if (open === -1 || open + 1 >= n) break
    const kind = source[open + 1] as string
    const closer = CLOSERS[kind]
    if (closer === undefined) {
      pos = open + 1
      continue
    }
    let close = closerAt[closer] as number
    if (close !== -1 && close < open + 2) {
      close = source.indexOf(closer, open + 2)
      closerAt[closer] = close
    }
    if (close === -1) {
      pos = open + 2
      continue
    }
    if (newlineAt !== -1 && newlineAt < open) newlineAt = source.indexOf('\n', open)
    if (newlineAt !== -1 && newlineAt < close) {
      pos = open + 1
      continue
    }
    const inner = source.slice(open + 2, close).trim()
    if (verbatimEnd !== null) {
      if (kind === '%' && inner === verbatimEnd) verbatimEnd = null
      else {
        pos = close + 2
        continue
      }
    }
    pushText(open)
    advanceLines(open)
    const column = open - lineStart + 1
    if (kind === '{') tokens.push(new Token(TokenType.Var, inner, line, column))
    else if (kind === '%') {
      tokens.push(new Token(TokenType.Block, inner, line, column))
      if (inner === 'verbatim' || inner.startsWith('verbatim ')) verbatimEnd = 'end' + inner
    } else tokens.push(new Token(TokenType.Comment, inner, line, column))
    pos = textStart = close + 2
  }
  pushText(n)
  return tokens
}
