import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserInputError } from '../errors.js';
import { resolveEmulatorOptions, type EmulatorOptions } from './options.js';
import { RateLimiter } from './rateLimits.js';
import { SeededRng } from './rng.js';
import type { ApiResult } from './routes.js';
import { createRequestListener } from './server.js';
import { StatsRecorder, type EmulatorStats } from './stats.js';
import { StateFileWriter, loadStateFile } from './stateFile.js';
import { FlowStore, type FlowValues } from './store.js';
import { isoSeconds } from './render.js';
import { createDefaults, withIntegrationDefaults } from './flowValues.js';
import { compileTargetedFaults } from './faults.js';
import { LookupStore } from './lookups/store.js';

export type { EmulatorOptions } from './options.js';
export type { EmulatorStats } from './stats.js';

const EMULATOR_HOST = '127.0.0.1';

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:4010` (the API is under `/v1/FlexFlows`). */
  readonly url: string;
  readonly port: number;
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** What Twilio's rate limits are multiplied by; undefined when they are off. */
  readonly rateScale: number | undefined;
  /** The same counters as `GET /_emulator/stats`. */
  stats(): EmulatorStats;
  /** Back to a fresh start: no flows, zeroed counters, RNGs re-seeded, full rate-limit buckets (as `POST /_emulator/reset`). */
  reset(): void;
  /**
   * Adds flows straight to the store, as if each had been created over HTTP (no faults, no
   * validation, no rate limits, no 2,500-flow cap, so that stress checks can go beyond it; unset
   * fields get a create's defaults): large accounts for benchmarks and tests in milliseconds.
   */
  preload(flows: readonly (Partial<FlowValues> & Pick<FlowValues, 'friendly_name'>)[]): void;
  /** Stops listening, drops open connections and waits for the state file to be written. */
  close(): Promise<void>;
}

/** The fault RNG draws from a stream of its own, so faults do not shift the SIDs a seed gives. */
function faultSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

/** Starts the Flex Flows API emulator on 127.0.0.1. Options are checked first (UserInputError). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveEmulatorOptions(options);
  const store = new FlowStore(resolved.seed);
  const stats = new StatsRecorder();
  const lookupStore = new LookupStore(resolved.seed);
  const seedLookups = (): void => lookupStore.seedWith(resolved.lookups, isoSeconds(resolved.now()));
  seedLookups();
  let faultRng = new SeededRng(faultSeed(resolved.seed));
  const rateLimiter = resolved.rateLimits ? new RateLimiter(resolved.rateScale, () => resolved.now().getTime()) : undefined;
  const stateFile = resolved.stateFile;
  const saved = stateFile === undefined ? undefined : await loadStateFile(stateFile);
  if (saved) store.restore(saved);
  const writer = stateFile === undefined ? undefined : new StateFileWriter(stateFile, () => store.snapshot());
  if (writer && !saved) {
    // Written now, so that a path that cannot be written fails at start, not silently until stop.
    writer.changed();
    await writer.flush();
  }

  const reset = (): void => {
    store.clear();
    lookupStore.clear();
    seedLookups();
    stats.clear();
    faultRng = new SeededRng(faultSeed(resolved.seed));
    rateLimiter?.reset();
    writer?.changed();
  };
  const control = (method: string, path: string): ApiResult | undefined => {
    if (path === '/_emulator/stats' && method === 'GET') return { status: 200, body: stats.snapshot(store.size), committed: false };
    if (path === '/_emulator/reset' && method === 'POST') {
      reset();
      return { status: 204, body: undefined, committed: true };
    }
    return undefined;
  };

  const failWrite = compileTargetedFaults({ create: resolved.failCreateName, update: resolved.failUpdateName, delete: resolved.failDeleteName });
  const api = { store, accountSid: resolved.accountSid, listUrl: '', now: resolved.now, failWrite };
  const lookups = { store: lookupStore, accountSid: resolved.accountSid, baseUrl: '', now: resolved.now };
  const server = createServer(
    { keepAlive: true },
    createRequestListener({
      api,
      lookups,
      credentials: [
        { username: resolved.accountSid, password: resolved.authToken },
        { username: resolved.apiKeySid, password: resolved.apiKeySecret },
      ],
      faults: resolved,
      maxConcurrent: resolved.maxConcurrent,
      retryAfterSeconds: resolved.retryAfterSeconds,
      rateLimiter,
      stats,
      faultRng: () => faultRng,
      changed: () => writer?.changedDurably(),
      control,
    }),
  );
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, EMULATOR_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? new UserInputError(`emulator port ${resolved.port} on ${EMULATOR_HOST} is already in use; pick another with --port (0 = any free port)`) : error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${EMULATOR_HOST}:${port}`;
  api.listUrl = `${url}/v1/FlexFlows`;
  lookups.baseUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    accountSid: resolved.accountSid,
    authToken: resolved.authToken,
    apiKey: resolved.apiKeySid,
    apiSecret: resolved.apiKeySecret,
    rateScale: resolved.rateLimits ? resolved.rateScale : undefined,
    stats: () => stats.snapshot(store.size),
    reset,
    preload: (flows) => {
      const nowIso = isoSeconds(resolved.now());
      for (const flow of flows) store.create(withIntegrationDefaults({ ...createDefaults(), ...flow }), nowIso);
      writer?.changed();
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => writer?.flush())),
  };
}
