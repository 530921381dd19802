import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Resolve `reinhardt/*` self-imports to the TypeScript sources (see package.json exports).
    conditions: ['source'],
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
})
