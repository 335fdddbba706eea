import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium against the built app (npm run build first), one file at a time. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
