/**
 * `npx tsx bench/concurrentApply.ts [--trials 20] [--flows 100] [--error-rate 0]`: two applies of the same flow files
 * started together (or up to 0.3 s apart) against one emulator with latency and jitter, as a re-run,
 * a run by hand or two workflows would race on a real account. Both plan against an empty account,
 * so both create every flow (or most of them); each trial then counts the duplicates left, the flows missing, how many copies the runs
 * healed, and whether each exit status told the truth about the account it left behind.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createFlexFlowsClient } from '../src/api/client.js';
import type { ApplyReport } from '../src/apply/report.js';
import { startEmulator } from '../src/emulator/index.js';
import { RATE_SCALE_ENV } from '../src/api/pacing.js';
import { runCli } from '../test/helpers/cli.js';

/** Twilio's rates times 100, as the tests run them: the same shape, in a hundredth of the time. */
const RATE_SCALE = 100;

export interface TrialOptions {
  readonly flows: number;
  readonly seed: number;
  /** Emulator latency and jitter per request, ms. */
  readonly latencyMs: number;
  readonly jitterMs: number;
  /** FLEXFLOW_SYNC_CREATE_SETTLE_MS: must exceed the one-second resolution of date_created. */
  readonly settleMs: number;
  /** The second apply starts this much later, so it may see some of the first one's creates. Default 0. */
  readonly staggerMs?: number;
  /**
   * SMS flows, each with its own number: the second create of a name is then refused (the first
   * holds its contact identity) rather than duplicated. Default false: web flows without one.
   */
  readonly contactIdentities?: boolean;
  /** Share of requests answered 429, 500 or 503 (a 5xx may strike after the write). Default 0. */
  readonly errorRate?: number;
  /** Twilio's rate limits (enforced by the emulator, paced to by the CLI) times this. Default 100, as the tests. */
  readonly rateScale?: number;
}

export interface TrialResult {
  readonly codes: readonly number[];
  /** Copies beyond the first of any name, left on the account after both runs. */
  readonly duplicates: number;
  /** Declared names with no flow after both runs. */
  readonly missing: number;
  /** Copies the runs deleted because the other run's copy was kept: how hard they raced. */
  readonly healed: number;
  /** Every run that exited 0 left the account exactly as declared, and every run that did not says why. */
  readonly truthful: boolean;
  readonly ms: number;
}

export async function concurrentApplyTrial(options: TrialOptions): Promise<TrialResult> {
  const cwd = await mkdtemp(join(tmpdir(), 'ffs-concurrent-'));
  const emulator = await startEmulator({
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    seed: options.seed,
    errorRate: options.errorRate ?? 0,
    rateScale: options.rateScale ?? RATE_SCALE,
  });
  try {
    await mkdir(join(cwd, 'flows'));
    const names = Array.from({ length: options.flows }, (_, i) => `Flow ${String(i).padStart(4, '0')}`);
    const channel = (i: number) =>
      options.contactIdentities ? `channel_type: sms\ncontact_identity: "+1555${String(i).padStart(7, '0')}"\n` : 'channel_type: web\n';
    const documents = names.map((name, i) => `friendly_name: ${name}\nchat_service_sid: IS${'a'.repeat(32)}\n${channel(i)}enabled: true\n`);
    await writeFile(join(cwd, 'flows', 'flows.yaml'), documents.join('---\n'));
    const env = {
      TWILIO_ACCOUNT_SID: emulator.accountSid,
      TWILIO_AUTH_TOKEN: emulator.authToken,
      FLEXFLOW_API_URL: emulator.url,
      [RATE_SCALE_ENV]: String(options.rateScale ?? RATE_SCALE),
      FLEXFLOW_SYNC_CREATE_SETTLE_MS: String(options.settleMs),
    };
    const started = performance.now();
    const apply = () => runCli(['apply', '--auto-approve', '--format', 'json'], { cwd, env });
    const runs = await Promise.all([apply(), new Promise((resolve) => setTimeout(resolve, options.staggerMs ?? 0)).then(apply)]);
    const ms = performance.now() - started;
    const client = createFlexFlowsClient({
      connection: { baseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    });
    const live = await client.list();
    const counts = new Map<string, number>();
    for (const flow of live) counts.set(flow.friendly_name, (counts.get(flow.friendly_name) ?? 0) + 1);
    const duplicates = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
    const missing = names.filter((name) => !counts.has(name)).length;
    const liveSids = new Set(live.map((flow) => flow.sid));
    const reports = runs.map((run) => (run.stdout === '' ? undefined : (JSON.parse(run.stdout) as ApplyReport)));
    const healed = reports.reduce(
      (sum, report) => sum + (report?.results.filter((result) => result.duplicate_removed !== undefined).length ?? 0),
      0,
    );
    const truthful = runs.every((run, index) => {
      const report = reports[index];
      if (run.code !== 0) return report === undefined || report.summary.failed + report.summary.skipped + report.summary.unknown > 0;
      // Exit 0: the account is as declared, and every flow the report names exists.
      return (
        duplicates === 0 &&
        missing === 0 &&
        report !== undefined &&
        report.results.every((result) => result.sid === undefined || liveSids.has(result.sid))
      );
    });
    return { codes: runs.map((run) => run.code), duplicates, missing, healed, truthful, ms };
  } finally {
    await emulator.close();
    await rm(cwd, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '20' },
      flows: { type: 'string', default: '100' },
      'error-rate': { type: 'string', default: '0' },
    },
  });
  const trials = Number(values.trials);
  const options = {
    flows: Number(values.flows),
    latencyMs: 50,
    jitterMs: 40,
    settleMs: 1_500,
    errorRate: Number(values['error-rate']),
    rateScale: RATE_SCALE,
  };
  console.log(
    `${trials} trials: two concurrent applies of ${options.flows} flows each; emulator latency ${options.latencyMs} ms + jitter up to ${options.jitterMs} ms, ` +
      `error rate ${options.errorRate}, Twilio's rate limits × ${options.rateScale}; settle ${options.settleMs} ms`,
  );
  console.log('trial | second apply starts after | exit codes | duplicates left | missing | copies healed | truthful | seconds');
  const results: TrialResult[] = [];
  for (let trial = 1; trial <= trials; trial += 1) {
    // Together, or up to 0.3 s apart: the window in which the saved-plan staleness check cannot help.
    const staggerMs = ((trial - 1) % 4) * 100;
    const result = await concurrentApplyTrial({ ...options, seed: trial, staggerMs });
    results.push(result);
    console.log(
      `${trial} | ${staggerMs} ms | ${result.codes.join(' ')} | ${result.duplicates} | ${result.missing} | ${result.healed} | ${result.truthful} | ${(result.ms / 1000).toFixed(1)}`,
    );
  }
  const sum = (pick: (result: TrialResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  console.log(
    `total: ${sum((r) => r.duplicates)} duplicates left, ${sum((r) => r.missing)} missing, ${sum((r) => r.healed)} copies healed, ` +
      `${results.filter((r) => r.truthful).length}/${trials} trials with truthful exit statuses, ` +
      `${results.filter((r) => r.codes.every((code) => code === 0)).length}/${trials} with both exits 0`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
