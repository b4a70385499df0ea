/**
 * Test helper: a real emulator on 127.0.0.1, port 0, closed after the test.
 *
 *   import { withEmulator } from './helpers/withEmulator.js';
 *
 *   it('lists flows', async () => {
 *     const emulator = await withEmulator({ seed: 7 });   // closed by afterEach
 *     // emulator.url, emulator.accountSid, emulator.authToken, emulator.stats(), emulator.reset()
 *   });
 *
 * For one emulator shared by a whole file, call `useEmulator(options)` at the top of a describe block:
 * it starts the emulator in beforeAll, resets it before each test, closes it in afterAll, and returns
 * a getter for the handle.
 *
 * Both enforce Twilio's rate limits scaled by TEST_RATE_SCALE, so that every test meets 429s where a
 * real account would, in a hundredth of the time; pass `rateScale: 1` for Twilio's own rates, or
 * `rateLimits: false` for none. `emulatorEnv` and `clientFor` pace the client to the same scale.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { RATE_SCALE_ENV } from '../../src/api/pacing.js';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import { CHAT_SERVICE } from './fixtures.js';

/** Twilio's rate limits × 100: 200 creates a second, so a test meets them only when it means to. */
export const TEST_RATE_SCALE = 100;

/** `options` with the test scale unless they choose one: for the few tests that call startEmulator themselves. */
export function testEmulatorOptions(options: EmulatorOptions = {}): EmulatorOptions {
  return { rateScale: TEST_RATE_SCALE, ...options };
}

const open = new Set<EmulatorHandle>();
let cleanupRegistered = false;

/** Starts an emulator for the current test; it is closed after the test (afterEach). */
export async function withEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    afterEach(async () => {
      const handles = [...open];
      open.clear();
      await Promise.all(handles.map((handle) => handle.close()));
    });
  }
  const handle = await startEmulator(testEmulatorOptions(options));
  open.add(handle);
  return handle;
}

/** One emulator for a describe block: started once, reset before each test, closed at the end. */
export function useEmulator(options: EmulatorOptions = {}): () => EmulatorHandle {
  let handle: EmulatorHandle | undefined;
  beforeAll(async () => {
    handle = await startEmulator(testEmulatorOptions(options));
  });
  beforeEach(() => handle?.reset());
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error('useEmulator(): the emulator is only available inside tests (after beforeAll)');
    return handle;
  };
}

/** The Basic `Authorization` header value for the emulator's account credentials. */
export function basicAuth(handle: Pick<EmulatorHandle, 'accountSid' | 'authToken'>): string {
  return `Basic ${Buffer.from(`${handle.accountSid}:${handle.authToken}`).toString('base64')}`;
}

/**
 * The environment that points the CLI at the emulator, with its account credentials, and paces the
 * CLI to the emulator's scaled limits (to the test scale when its limits are off). No other apply
 * runs unless a test starts one, so apply does not wait before checking for concurrent copies.
 */
export function emulatorEnv(
  handle: Pick<EmulatorHandle, 'url' | 'accountSid' | 'authToken'> & Partial<Pick<EmulatorHandle, 'rateScale'>>,
): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: handle.accountSid,
    TWILIO_AUTH_TOKEN: handle.authToken,
    FLEXFLOW_API_URL: handle.url,
    [RATE_SCALE_ENV]: String(handle.rateScale ?? TEST_RATE_SCALE),
    FLEXFLOW_SYNC_CREATE_SETTLE_MS: '0',
  };
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body (204). */
  readonly body: unknown;
}

/**
 * One request to the emulator with its account credentials (override with `auth`, or `null` for
 * none); `form` is sent form-encoded, as Twilio's API takes it.
 */
export async function emulatorRequest(
  handle: EmulatorHandle,
  method: string,
  path: string,
  options: { form?: Record<string, string> | URLSearchParams; auth?: string | null } = {},
): Promise<EmulatorResponse> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? basicAuth(handle) : options.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | null = null;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${handle.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** Form fields of a valid create: a web flow named `name`. */
export function createForm(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return { FriendlyName: name, ChatServiceSid: CHAT_SERVICE, ChannelType: 'web', ...extra };
}
