import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { RATE_SCALE_ENV } from '../../api/pacing.js';
import { UserInputError } from '../../errors.js';
import { startEmulator, type EmulatorHandle } from '../../emulator/index.js';
import { resolveEmulatorOptions, type EmulatorOptions } from '../../emulator/options.js';
import type { ErrorStatus } from '../../emulator/faults.js';
import { KINDS } from '../../model/kinds.js';
import { type ExitStatus, describedCommand } from './command.js';
import type { Io } from '../io.js';
import { readRegularFile, type RegularFileRead } from '../../readRegularFile.js';

interface EmulatorFlags {
  port: string;
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  latency?: string;
  jitter?: string;
  errorRate?: string;
  errorStatuses?: string;
  retryAfter?: string;
  resetRate?: string;
  maxConcurrent?: string;
  seed?: string;
  state?: string;
  rateLimits: 'on' | 'off';
  rateScale?: string;
  failCreateName?: string;
  failUpdateName?: string;
  failDeleteName?: string;
  lookups?: string;
}

const FLAG_NAMES: Readonly<Record<keyof EmulatorOptions, string>> = {
  port: '--port',
  accountSid: '--account-sid',
  authToken: '--auth-token',
  apiKeySid: '--api-key',
  apiKeySecret: '--api-secret',
  latencyMs: '--latency',
  jitterMs: '--jitter',
  errorRate: '--error-rate',
  errorStatuses: '--error-statuses',
  retryAfterSeconds: '--retry-after',
  resetRate: '--reset-rate',
  maxConcurrent: '--max-concurrent',
  seed: '--seed',
  stateFile: '--state',
  now: 'now',
  rateLimits: '--rate-limits',
  rateScale: '--rate-scale',
  failCreateName: '--fail-create-name',
  failUpdateName: '--fail-update-name',
  failDeleteName: '--fail-delete-name',
  lookups: '--lookups',
};

function numberFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UserInputError(`${flag} must be a number, got '${raw}'`);
  return value;
}

function statusListFlag(raw: string | undefined): ErrorStatus[] | undefined {
  if (raw === undefined) return undefined;
  return raw.split(',').map((part) => numberFlag('--error-statuses', part) as ErrorStatus);
}

/** An option whose flag is not given is left out, so that the emulator's default applies. */
function givenOnly(options: { readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] | undefined }): EmulatorOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function toOptions(flags: EmulatorFlags, io: Io): EmulatorOptions {
  return givenOnly({
    port: numberFlag('--port', flags.port),
    accountSid: flags.accountSid,
    authToken: flags.authToken,
    apiKeySid: flags.apiKey,
    apiKeySecret: flags.apiSecret,
    latencyMs: numberFlag('--latency', flags.latency),
    jitterMs: numberFlag('--jitter', flags.jitter),
    errorRate: numberFlag('--error-rate', flags.errorRate),
    errorStatuses: statusListFlag(flags.errorStatuses),
    retryAfterSeconds: numberFlag('--retry-after', flags.retryAfter),
    resetRate: numberFlag('--reset-rate', flags.resetRate),
    maxConcurrent: numberFlag('--max-concurrent', flags.maxConcurrent),
    seed: numberFlag('--seed', flags.seed),
    stateFile: flags.state === undefined ? undefined : resolve(io.cwd, flags.state),
    rateLimits: flags.rateLimits === 'on',
    rateScale: numberFlag('--rate-scale', flags.rateScale),
    failCreateName: flags.failCreateName,
    failUpdateName: flags.failUpdateName,
    failDeleteName: flags.failDeleteName,
  });
}

function faultSummary(options: EmulatorOptions): string {
  const parts = [
    options.latencyMs ? `latency ${options.latencyMs} ms` : '',
    options.jitterMs ? `jitter ${options.jitterMs} ms` : '',
    options.errorRate ? `error rate ${options.errorRate}` : '',
    options.resetRate ? `reset rate ${options.resetRate}` : '',
    options.maxConcurrent ? `max concurrent ${options.maxConcurrent}` : '',
    options.failCreateName ? `creates of ${JSON.stringify(options.failCreateName)} fail` : '',
    options.failUpdateName ? `updates of ${JSON.stringify(options.failUpdateName)} fail` : '',
    options.failDeleteName ? `deletes of ${JSON.stringify(options.failDeleteName)} fail` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** A seed of a few thousand names is a few hundred KiB; far more is not one. */
const MAX_LOOKUPS_FILE_BYTES = 8 * 2 ** 20;

/** The `--lookups` JSON file's content, its shape checked later with the other options. */
async function readLookupsFile(file: string, io: Io): Promise<NonNullable<EmulatorOptions['lookups']>> {
  const example = 'write it as {"studioFlows": ["Inbound SMS"], "workspaces": [{"friendlyName": "Flex", "workflows": ["Assign"]}]}';
  let read: RegularFileRead;
  try {
    read = await readRegularFile(resolve(io.cwd, file), MAX_LOOKUPS_FILE_BYTES);
  } catch (error) {
    throw new UserInputError(`cannot read --lookups file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!('bytes' in read)) {
    throw new UserInputError(
      read.refused === 'not-a-file'
        ? `--lookups file ${file} is not a regular file`
        : `--lookups file ${file} is larger than ${MAX_LOOKUPS_FILE_BYTES / 2 ** 20} MiB`,
    );
  }
  try {
    return JSON.parse(Buffer.from(read.bytes).toString('utf8')) as NonNullable<EmulatorOptions['lookups']>;
  } catch {
    throw new UserInputError(`--lookups file ${file} is not JSON; ${example}`);
  }
}

/** The lines a user pastes into another shell to point flexflow-sync (or Twilio's tools) at the emulator. */
export function describeEmulator(handle: EmulatorHandle, options: EmulatorOptions): string {
  return [
    `Twilio API emulator (Flex Flows, address configurations) listening on ${handle.url}`,
    `export FLEXFLOW_API_URL=${handle.url}`,
    `export TWILIO_ACCOUNT_SID=${handle.accountSid}`,
    `export TWILIO_AUTH_TOKEN=${handle.authToken}`,
    ...(handle.rateScale !== undefined && handle.rateScale !== 1 ? [`export ${RATE_SCALE_ENV}=${handle.rateScale}`] : []),
    `# API key alternative: TWILIO_API_KEY=${handle.apiKey} TWILIO_API_SECRET=${handle.apiSecret}`,
    `# rate limits: ${handle.rateScale === undefined ? 'off' : `Twilio's${handle.rateScale === 1 ? '' : ` × ${handle.rateScale}`} (429 over them)`}`,
    `# faults: ${faultSummary(options)}; seed ${options.seed ?? 1}`,
    `# state: ${options.stateFile ?? 'in memory only'} (${KINDS.map((kind) => `${handle.stats().resources[kind.name] ?? 0} ${kind.nounPlural}`).join(', ')})`,
    '# stats: GET /_emulator/stats, reset: POST /_emulator/reset; Ctrl+C stops',
    '',
  ].join('\n');
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `flexflow-sync emulator`; tests pass their own `waitForStop` instead of signals. */
export function createEmulatorCommand(io: Io, exit: ExitStatus, waitForStop: () => Promise<string> = waitForStopSignal): Command {
  return describedCommand('emulator')
    .option('--port <n>', 'TCP port; 0 picks a free one', '4010')
    .option('--account-sid <sid>', 'account SID accepted as Basic-auth user (default: AC000…0)')
    .option('--auth-token <token>', 'auth token accepted with the account SID (default: emulator-auth-token)')
    .option('--api-key <sid>', 'API key SID (SK…) accepted as Basic-auth user (default: SK000…0)')
    .option('--api-secret <secret>', 'secret of the API key (default: emulator-api-secret)')
    .option('--latency <ms>', 'delay added to each API request')
    .option('--jitter <ms>', 'up to this many ms of extra, seeded random delay')
    .option('--error-rate <r>', 'share of requests answered 429 (Retry-After with --retry-after), 500 or 503')
    .option('--error-statuses <list>', 'the statuses --error-rate answers with, e.g. 429 (default: 429,500,503)')
    .option('--retry-after <s>', 'send Retry-After with each 429, in seconds (default: none, as Twilio documents none)')
    .option('--reset-rate <r>', 'share of connections destroyed mid-request')
    .option('--max-concurrent <n>', 'answer 429 above this many requests in flight')
    .option('--seed <n>', 'seed for SIDs and faults; the same seed repeats a run', '1')
    .addOption(
      new Option('--rate-limits <on|off>', "enforce Twilio's per-endpoint rate limits (429 over them)")
        .choices(['on', 'off'])
        .default('on'),
    )
    .option('--rate-scale <k>', 'multiply every rate limit by k, to run the same shape faster (default: 1)')
    .option('--state <file>', 'JSON file holding the flows and address configurations across restarts (written atomically)')
    .option(
      '--fail-create-name <glob>',
      'answer 400 to every create of a flow whose friendly name, or an address configuration whose address, matches',
    )
    .option(
      '--fail-update-name <glob>',
      'answer 400 to every update of a flow or address configuration whose current or new name or address matches',
    )
    .option(
      '--fail-delete-name <glob>',
      'answer 400 to every delete of a flow whose friendly name, or an address configuration whose address, matches',
    )
    .option(
      '--lookups <file>',
      'JSON file of Studio flows, Chat and Conversations services, workspaces and workflows to create by name, at start and on reset',
    )
    .action(async (flags: EmulatorFlags) => {
      const options = {
        ...toOptions(flags, io),
        ...(flags.lookups === undefined ? {} : { lookups: await readLookupsFile(flags.lookups, io) }),
      };
      resolveEmulatorOptions(options, (key) => FLAG_NAMES[key]);
      const handle = await startEmulator(options);
      io.stdout.write(describeEmulator(handle, options));
      const signal = await waitForStop();
      io.stderr.write(`${signal}: stopping the emulator\n`);
      await handle.close();
      exit.code = 0;
    });
}

export const emulatorCommand = (io: Io, exit: ExitStatus): Command => createEmulatorCommand(io, exit);
