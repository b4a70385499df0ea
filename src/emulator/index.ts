import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserInputError } from '../errors.js';
import { resolveEmulatorOptions, type EmulatorOptions } from './options.js';
import { RateLimiter } from './rateLimits.js';
import { SeededRng } from './rng.js';
import type { ApiResult } from './routes.js';
import { createRequestListener } from './server.js';
import { StatsRecorder, type EmulatorStats } from './stats.js';
import { StateFileWriter, loadStateFile, type StateSnapshot } from './stateFile.js';
import { ResourceStore, type FlowValues } from './store.js';
import { isoSeconds } from './render.js';
import { compileTargetedFaults } from './faults.js';
import { EMULATED_KINDS, emulatedKind } from './kinds.js';
import { LookupStore } from './lookups/store.js';
import { withGroupDefaults } from './values.js';
import type { KindName, ResourceFields, ResourceKind } from '../model/kind.js';
import { FLEX_FLOW } from '../model/kinds.js';

export type { EmulatorOptions } from './options.js';
export type { EmulatorStats } from './stats.js';

const EMULATOR_HOST = '127.0.0.1';

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:4010`: `/v1/FlexFlows` and `/v1/Configuration/Addresses` are under it. */
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
  /** Back to a fresh start: no resources, zeroed counters, RNGs re-seeded, full rate-limit buckets (as `POST /_emulator/reset`). */
  reset(): void;
  /**
   * Adds flows straight to the store, as if each had been created over HTTP (no faults, no
   * validation, no rate limits, no 2,500-flow cap, so that stress checks can go beyond it; unset
   * fields get a create's defaults): large accounts for benchmarks and tests in milliseconds.
   */
  preload(flows: readonly (Partial<FlowValues> & Pick<FlowValues, 'friendly_name'>)[]): void;
  /**
   * preload for any kind: `resources` as the API answers them (`type` lower-case, `auto_creation`
   * an object), each with at least the kind's key. Nothing is checked, not even that an address is unique.
   */
  preloadResources(kind: ResourceKind, resources: readonly ResourceFields[]): void;
  /** Stops listening, drops open connections and waits for the state file to be written. */
  close(): Promise<void>;
}

/** The fault RNG draws from a stream of its own, so faults do not shift the SIDs a seed gives. */
function faultSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

/**
 * The SID RNG of the index-th kind's store: the Flex Flows' is the seed itself, so that a seed gives
 * the SIDs it gave before the emulator served other kinds; the others draw from streams of their own.
 */
function storeSeed(seed: number, index: number): number {
  return index === 0 ? seed : (seed ^ Math.imul(index, 0x85ebca6b)) >>> 0;
}

/** Starts the emulator of Twilio's APIs (Flex Flows, address configurations) on 127.0.0.1. Options are checked first (UserInputError). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveEmulatorOptions(options);
  const stores = new Map<KindName, ResourceStore>(
    EMULATED_KINDS.map(({ kind }, index) => [kind.name, new ResourceStore(kind, storeSeed(resolved.seed, index))]),
  );
  const counts = (): Record<string, number> => Object.fromEntries([...stores].map(([name, store]) => [name, store.size]));
  const stats = new StatsRecorder();
  const lookupStore = new LookupStore(resolved.seed);
  const seedLookups = (): void => lookupStore.seedWith(resolved.lookups, isoSeconds(resolved.now()));
  // Lookups are written only when there are some (none has no SID to keep), so a state without them reads as before.
  const snapshot = (): StateSnapshot => ({
    ...Object.fromEntries([...stores].map(([name, store]) => [name, store.snapshot()])),
    ...(lookupStore.size === 0 ? {} : { lookups: lookupStore.snapshot() }),
  });
  let faultRng = new SeededRng(faultSeed(resolved.seed));
  const rateLimiter = resolved.rateLimits ? new RateLimiter(resolved.rateScale, () => resolved.now().getTime()) : undefined;
  const stateFile = resolved.stateFile;
  const saved = stateFile === undefined ? undefined : await loadStateFile(stateFile);
  for (const [name, store] of stores) {
    const savedStore = saved?.[name];
    if (savedStore !== undefined) store.restore(savedStore);
  }
  // A saved state holds what was seeded and created since: seeding again would make each name twice.
  if (saved?.lookups) lookupStore.restore(saved.lookups);
  else seedLookups();
  const writer = stateFile === undefined ? undefined : new StateFileWriter(stateFile, snapshot);
  if (writer && !saved) {
    // Written now, so that a path that cannot be written fails at start, not silently until stop.
    writer.changed();
    await writer.flush();
  }

  const reset = (): void => {
    for (const store of stores.values()) store.clear();
    lookupStore.clear();
    seedLookups();
    stats.clear();
    faultRng = new SeededRng(faultSeed(resolved.seed));
    rateLimiter?.reset();
    writer?.changed();
  };
  const control = (method: string, path: string): ApiResult | undefined => {
    if (path === '/_emulator/stats' && method === 'GET') return { status: 200, body: stats.snapshot(counts()), committed: false };
    if (path === '/_emulator/reset' && method === 'POST') {
      reset();
      return { status: 204, body: undefined, committed: true };
    }
    return undefined;
  };

  const failWrite = compileTargetedFaults({
    create: resolved.failCreateName,
    update: resolved.failUpdateName,
    delete: resolved.failDeleteName,
  });
  const api = { stores, accountSid: resolved.accountSid, baseUrl: '', now: resolved.now, failWrite };
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
    throw error.code === 'EADDRINUSE'
      ? new UserInputError(
          `emulator port ${resolved.port} on ${EMULATOR_HOST} is already in use; pick another with --port (0 = any free port)`,
        )
      : error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${EMULATOR_HOST}:${port}`;
  api.baseUrl = url;
  lookups.baseUrl = url;

  function preloadResources(kind: ResourceKind, resources: readonly ResourceFields[]): void {
    const emulated = emulatedKind(kind.name);
    const store = stores.get(kind.name) as ResourceStore;
    const nowIso = isoSeconds(resolved.now());
    for (const resource of resources) store.create(withGroupDefaults(emulated, { ...emulated.createDefaults, ...resource }), nowIso);
    writer?.changed();
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    accountSid: resolved.accountSid,
    authToken: resolved.authToken,
    apiKey: resolved.apiKeySid,
    apiSecret: resolved.apiKeySecret,
    rateScale: resolved.rateLimits ? resolved.rateScale : undefined,
    stats: () => stats.snapshot(counts()),
    reset,
    preload: (flows) => preloadResources(FLEX_FLOW, flows),
    preloadResources,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => writer?.flush())),
  };
}
