import { defineConfig } from 'vitest/config';

// Three tiers (see ../shared/design/architecture.md): unit, integration (real sockets, real
// mkcert), e2e (real Chromium). Integration and e2e tests bind ports and spawn processes,
// so they run one file at a time on this 2-core machine.
export default defineConfig({
  test: {
    // Isolation from the real machine's HOME, CA folder and trust stores, for every tier.
    setupFiles: ['test/setup/isolate-machine.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
