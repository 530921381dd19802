import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `reinhardt/*` self-imports (used by example/ and bench/ the way a project would write them)
// resolve to the TypeScript sources through the `source` condition of package.json exports.
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { source?: string }>
}
const alias = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object' && target.source)
  .map(([subpath, target]) => ({
    find: new RegExp(`^reinhardt${subpath.slice(1).replace(/[/]/g, '\\/')}$`),
    replacement: fileURLToPath(new URL((target as { source: string }).source, import.meta.url)),
  }))

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
})
