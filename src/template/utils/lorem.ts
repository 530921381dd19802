/**
 * Placeholder Latin for `{% lorem %}`: the classic opening paragraph and words, then
 * pseudo-random sentences built from a word list.
 */

export const COMMON_PARAGRAPH =
  'Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor ' +
  'incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud ' +
  'exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure ' +
  'dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. ' +
  'Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt ' +
  'mollit anim id est laborum.'

const COMMON_WORDS =
  'lorem ipsum dolor sit amet consectetur adipisicing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(
    ' ',
  )

const WORDS = (
  'exercitationem perferendis perspiciatis laborum eveniet sunt iure nam nobis eum cum ' +
  'officiis excepturi odio consectetur quasi aut quisquam vel eligendi itaque non odit ' +
  'tempore quaerat dignissimos facilis neque nihil expedita vitae vero ipsum nisi animi ' +
  'cumque pariatur velit modi ut obcaecati sed accusantium minus repellat cupiditate ' +
  'voluptatibus dicta quam saepe numquam deleniti totam maxime commodi culpa rerum ' +
  'dolores impedit molestiae debitis fugiat reprehenderit alias ratione magni porro ' +
  'labore possimus error qui iste omnis esse distinctio voluptatum placeat quia ' +
  'incidunt laudantium sint soluta fugit asperiores necessitatibus ducimus quibusdam ' +
  'beatae ea sequi tenetur voluptas architecto provident ab recusandae nesciunt iusto'
).split(' ')

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T

/** A random sentence: capitalised, comma-separated word groups, ending in . or ?. */
export function sentence(): string {
  const groups: string[] = []
  const count = 1 + Math.floor(Math.random() * 5)
  for (let i = 0; i < count; i++) {
    const n = 3 + Math.floor(Math.random() * 10)
    groups.push(Array.from({ length: n }, () => pick(WORDS)).join(' '))
  }
  const s = groups.join(', ')
  return s.charAt(0).toUpperCase() + s.slice(1) + pick(['.', '?'])
}

/** A random paragraph of 1-4 sentences. */
export function paragraph(): string {
  return Array.from({ length: 1 + Math.floor(Math.random() * 4) }, sentence).join(' ')
}

/** `count` paragraphs; the first is the classic one when `common`. */
export function paragraphs(count: number, common = true): string[] {
  const out: string[] = []
  for (let i = 0; i < count; i++) out.push(common && i === 0 ? COMMON_PARAGRAPH : paragraph())
  return out
}

/** `count` words; starting with the classic ones when `common`. */
export function words(count: number, common = true): string {
  const out = common ? COMMON_WORDS.slice(0, count) : []
  while (out.length < count) out.push(pick(WORDS))
  return out.join(' ')
}
