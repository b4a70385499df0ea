import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: the emulator tests are I/O bound, so a small pool keeps them fast without starving the emulator.
    maxWorkers: 2,
  },
});
