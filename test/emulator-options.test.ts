import { describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, resolveEmulatorOptions, type EmulatorOptions } from '../src/emulator/options.js';

describe('resolveEmulatorOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveEmulatorOptions({})).toEqual({ ...EMULATOR_DEFAULTS, now: EMULATOR_DEFAULTS.now });
  });

  it.each([
    { options: { port: 70000 }, message: "emulator option 'port' must be an integer between 0 and 65535, got 70000" },
    {
      options: { accountSid: 'AC123' },
      message: `emulator option 'accountSid' must be an account SID: AC followed by 32 hex digits, got "AC123"`,
    },
    { options: { authToken: '' }, message: `emulator option 'authToken' must be a non-empty string, got ""` },
    {
      options: { apiKeySid: `AC${'0'.repeat(32)}` },
      message: `emulator option 'apiKeySid' must be an API key SID: SK followed by 32 hex digits, got "AC${'0'.repeat(32)}"`,
    },
    { options: { latencyMs: -1 }, message: "emulator option 'latencyMs' must be a number of at least 0, got -1" },
    { options: { errorRate: 1.5 }, message: "emulator option 'errorRate' must be a number between 0 and 1, got 1.5" },
    { options: { maxConcurrent: 2.5 }, message: "emulator option 'maxConcurrent' must be an integer between 0 and 1000000, got 2.5" },
    { options: { seed: -3 }, message: "emulator option 'seed' must be an integer between 0 and 4294967295, got -3" },
    {
      options: { errorRate: 0.6, resetRate: 0.6 },
      message: "emulator option 'errorRate' + emulator option 'resetRate' must be at most 1, got 0.6 + 0.6",
    },
    { options: { host: '0.0.0.0' } as EmulatorOptions, message: /^emulator option 'host' is unknown; known options: port, accountSid/ },
  ])('refuses $options', ({ options, message }) => {
    expect(() => resolveEmulatorOptions(options)).toThrow(message);
  });
});
