import { defineConfig } from 'vitest/config';

// Every test runs in UTC so that time logic never depends on the machine's zone.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.custos/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
  },
});
