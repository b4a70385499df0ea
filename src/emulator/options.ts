import { ACCOUNT_SID_PATTERN } from '../model/flexFlow.js';
import { sidPattern } from '../model/field.js';
import { MIN_RATE } from '../model/limits.js';
import { UserInputError } from '../errors.js';
import { ERROR_STATUSES, type ErrorStatus } from './faults.js';
import type { LookupSeed } from './lookups/store.js';

/** How to start an emulator. Every field is optional; defaults are in EMULATOR_DEFAULTS. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** The account SID (Basic-auth user) accepted and echoed as `account_sid`. Default AC000…0. */
  readonly accountSid?: string;
  /** The auth token accepted with the account SID. Default `emulator-auth-token`. */
  readonly authToken?: string;
  /** An API key SID (`SK…`) accepted as Basic-auth user too. Default SK000…0. */
  readonly apiKeySid?: string;
  /** The API key's secret. Default `emulator-api-secret`. */
  readonly apiKeySecret?: string;
  /** Fixed delay added to each API request, ms. Default 0. */
  readonly latencyMs?: number;
  /** Up to this many ms more, drawn from the seeded RNG. Default 0. */
  readonly jitterMs?: number;
  /** Share of API requests answered 429 (Retry-After only with retryAfterSeconds), 500 or 503. Default 0. */
  readonly errorRate?: number;
  /** The statuses `errorRate` answers with, equally likely. Default [429, 500, 503]. */
  readonly errorStatuses?: readonly ErrorStatus[];
  /** A `Retry-After` (seconds) sent with every 429. Default: none, as Twilio documents none. */
  readonly retryAfterSeconds?: number;
  /** Share of API requests whose connection is destroyed mid-request. Default 0. */
  readonly resetRate?: number;
  /** Requests in flight above this get 429; 0 means no cap. Default 0. */
  readonly maxConcurrent?: number;
  /** Seed of the RNG behind SIDs and faults; the same seed gives the same run. Default 1. */
  readonly seed?: number;
  /** JSON file the state is loaded from at start and written to (atomically) after each change. */
  readonly stateFile?: string;
  /** The clock, for `date_created` / `date_updated` and the rate limits' refills. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Enforce Twilio's per-endpoint rate limits (429 over them). Default true. */
  readonly rateLimits?: boolean;
  /** Multiplies every rate limit, so that tests and benchmarks keep Twilio's shape in less time. Default 1. */
  readonly rateScale?: number;
  /**
   * A create whose key (a flow's friendly name, an address configuration's address) matches this
   * glob is refused with a 400 (Twilio's error body).
   */
  readonly failCreateName?: string;
  /** An update of a resource whose current or new key (friendly name, address) matches this glob is refused with a 400. */
  readonly failUpdateName?: string;
  /** A delete of a resource whose key (friendly name, address) matches this glob is refused with a 400. */
  readonly failDeleteName?: string;
  /**
   * Studio flows, Chat and Conversations services, TaskRouter workspaces and their workflows that
   * flow files may name, created at start and again after each reset (a name given twice is two
   * resources). Default: none.
   */
  readonly lookups?: LookupSeed;
}

/** The options without a default: undefined when not set. */
type Unset = 'stateFile' | 'retryAfterSeconds' | 'failCreateName' | 'failUpdateName' | 'failDeleteName';

export type ResolvedEmulatorOptions = Required<Omit<EmulatorOptions, Unset>> & {
  readonly stateFile: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly failCreateName: string | undefined;
  readonly failUpdateName: string | undefined;
  readonly failDeleteName: string | undefined;
};

export const EMULATOR_DEFAULTS = Object.freeze({
  port: 0,
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'emulator-auth-token',
  apiKeySid: `SK${'0'.repeat(32)}`,
  apiKeySecret: 'emulator-api-secret',
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatuses: ERROR_STATUSES,
  retryAfterSeconds: undefined,
  resetRate: 0,
  maxConcurrent: 0,
  seed: 1,
  stateFile: undefined,
  now: () => new Date(),
  rateLimits: true,
  rateScale: 1,
  failCreateName: undefined,
  failUpdateName: undefined,
  failDeleteName: undefined,
  lookups: {},
});

type Check = (value: unknown) => string | undefined;

const nonNegative: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'must be a number of at least 0');
const share: Check = (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : 'must be a number between 0 and 1');
const nonEmpty: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string');
const integerIn =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : `must be an integer between ${min} and ${max}`;
const matching =
  (pattern: RegExp, what: string): Check =>
  (v) =>
    typeof v === 'string' && pattern.test(v) ? undefined : `must be ${what}`;

const CHECKS: Readonly<Record<keyof EmulatorOptions, Check>> = {
  port: integerIn(0, 65535),
  accountSid: matching(ACCOUNT_SID_PATTERN, 'an account SID: AC followed by 32 hex digits'),
  authToken: nonEmpty,
  apiKeySid: matching(sidPattern('SK'), 'an API key SID: SK followed by 32 hex digits'),
  apiKeySecret: nonEmpty,
  latencyMs: nonNegative,
  jitterMs: nonNegative,
  errorRate: share,
  errorStatuses: (v) =>
    Array.isArray(v) && v.length > 0 && v.every((status) => (ERROR_STATUSES as readonly unknown[]).includes(status))
      ? undefined
      : `must be a non-empty list of ${ERROR_STATUSES.join(', ')}`,
  retryAfterSeconds: integerIn(0, 3600),
  resetRate: share,
  maxConcurrent: integerIn(0, 1_000_000),
  seed: integerIn(0, 0xffffffff),
  stateFile: nonEmpty,
  now: (v) => (typeof v === 'function' ? undefined : 'must be a function returning a Date'),
  rateLimits: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  rateScale: (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= MIN_RATE && v <= 1_000_000
      ? undefined
      : `must be a number from ${MIN_RATE} to 1000000`,
  failCreateName: nonEmpty,
  failUpdateName: nonEmpty,
  failDeleteName: nonEmpty,
  lookups: lookupSeedProblem,
};

const SEED_LISTS = ['studioFlows', 'chatServices', 'conversationsServices'] as const;

function isNameList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((name) => typeof name === 'string' && name !== ''));
}

function lookupSeedProblem(value: unknown): string | undefined {
  const expected = `must be an object of ${SEED_LISTS.join(', ')} (lists of names) and workspaces (a list of { friendlyName, workflows })`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected;
  const seed = value as Record<string, unknown>;
  if (Object.keys(seed).some((key) => key !== 'workspaces' && !(SEED_LISTS as readonly string[]).includes(key))) return expected;
  if (!SEED_LISTS.every((key) => isNameList(seed[key]))) return expected;
  const workspaces = seed.workspaces;
  if (workspaces === undefined) return undefined;
  const valid =
    Array.isArray(workspaces) &&
    workspaces.every((workspace: unknown) => {
      if (typeof workspace !== 'object' || workspace === null) return false;
      const { friendlyName, workflows } = workspace as Record<string, unknown>;
      return typeof friendlyName === 'string' && friendlyName !== '' && isNameList(workflows);
    });
  return valid ? undefined : expected;
}

function isOptionName(key: string): key is keyof EmulatorOptions {
  return Object.hasOwn(CHECKS, key);
}

/** Enough of a value to recognise it: a seed of names read from a file may be long. */
const MAX_DESCRIBED = 120;

function describe(value: unknown): string {
  const text = typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_DESCRIBED ? `${text.slice(0, MAX_DESCRIBED)}…` : text;
}

/**
 * Defaults filled in and every option checked; throws a UserInputError naming the first bad one.
 * `label` names an option in messages (the CLI passes its flag names).
 */
export function resolveEmulatorOptions(
  options: EmulatorOptions = {},
  label: (key: keyof EmulatorOptions) => string = (key) => `emulator option '${key}'`,
): ResolvedEmulatorOptions {
  for (const [key, value] of Object.entries(options)) {
    if (!isOptionName(key))
      throw new UserInputError(`emulator option '${key}' is unknown; known options: ${Object.keys(CHECKS).join(', ')}`);
    const problem = CHECKS[key](value);
    if (problem !== undefined) throw new UserInputError(`${label(key)} ${problem}, got ${describe(value)}`);
  }
  const resolved = { ...EMULATOR_DEFAULTS, ...options } as ResolvedEmulatorOptions;
  if (resolved.errorRate + resolved.resetRate > 1) {
    throw new UserInputError(
      `${label('errorRate')} + ${label('resetRate')} must be at most 1, got ${resolved.errorRate} + ${resolved.resetRate}`,
    );
  }
  return resolved;
}
