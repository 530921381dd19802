/**
 * The data every engine renders in the template benchmark: a page title, a site name and 100
 * rows. Deterministic (no randomness), and rich in characters HTML escaping must handle
 * (`<`, `>`, `&`, `"`, `'`), so every engine's autoescaping does real work. The same object is
 * sent as JSON to the Django worker, so all engines see identical values.
 */
export const ROWS = 100

const NAMES = [
  `O'Brien & Sons`,
  '<script>alert(1)</script>',
  'Café "Le Marais"',
  'Plain name',
  'Smith & Wesson <Ltd>',
]

export function makeData() {
  const rows = []
  for (let i = 0; i < ROWS; i++) {
    rows.push({
      id: i,
      name: `${NAMES[i % NAMES.length]} #${i}`,
      email: `User.${i}@Example.COM`,
      tags: [`tag<${i % 7}>`, `"q${i % 3}"`, `a&b`],
      note: i % 4 === 0 ? '' : `Note ${i}: 5 > 3 && 2 < 4`,
      description: `Row ${i} says "hello" & <goodbye> to 'everyone'`,
      active: i % 3 !== 0,
    })
  }
  return { title: 'Report <2024> & "friends"', siteName: `Reinhardt's bench`, rows }
}
