import { defineConfig } from 'vitest/config';

// Two projects: fast unit/black-box tests that need nothing but Node, and integration tests that talk to
// real Kafka, Elasticsearch and OpenSearch servers started by scripts/services (see test/integration/).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['agent/**/*.test.ts', 'processors/**/*.test.ts', 'config/**/*.test.ts', 'models/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/integration/**', 'node_modules/**', 'dist/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
