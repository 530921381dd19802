/**
 * Which databases want ATOMIC_REQUESTS — kept apart from atomic-requests.ts so the handler
 * can read it at start-up without importing the ORM.
 */
export function atomicRequestAliases(
  databases: Readonly<Record<string, { ATOMIC_REQUESTS?: boolean }>>,
): string[] | null {
  const aliases = Object.keys(databases).filter(
    (alias) => databases[alias]?.ATOMIC_REQUESTS === true,
  )
  return aliases.length === 0 ? null : aliases
}
