import { defineConfig } from 'vitest/config';

// Four projects: unit tests beside the code; black-box tests that run the built CLI as a process
// (test/blackbox/); in-process tests of whole components, models and docs (test/in-process/) — these three
// need nothing but Node — and integration tests that talk to real Kafka, Elasticsearch and OpenSearch
// servers started by scripts/services (test/integration/).
export default defineConfig({
  test: {
    // Each run's temporary folders go into one folder of the run's own, removed at its end.
    globalSetup: ['test/helpers/temp-root.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['agent/**/*.test.ts', 'processors/**/*.test.ts', 'config/**/*.test.ts', 'models/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Black-box tests run the built CLI as separate processes under timing-sensitive load (rotation,
        // kill -9); one file at a time keeps them from starving each other on small machines.
        test: {
          name: 'blackbox',
          include: ['test/blackbox/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Real model weights and worker threads: one file at a time as well, for the same reason.
        test: {
          name: 'in-process',
          include: ['test/in-process/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
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
