/**
 * `npm run bench [-- --quick] [-- --out FILE] [-- --only startup,yaml,apply,plan,storm]`: how long a run
 * takes to start (bench/startup.ts), then apply and plan against fresh emulators that enforce
 * Twilio's rate limits (scaled, so that a run takes minutes: ratios to the bound do not change)
 * with a fixed latency, side by side with the other ways to do the same.
 * Every figure is a ratio to a bound or to another run made in this one process, so that the
 * machine's speed cancels out; absolute times are printed for context only.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { stringify } from 'yaml';
import twilio from 'twilio';
import { createFlexFlowsClient, createResourceClient, type ClientOptions, type FlexFlowsClient } from '../src/api/client.js';
import { RATE_SCALE_ENV } from '../src/api/pacing.js';
import { executePlan } from '../src/apply/execute.js';
import { isExecutable } from '../src/apply/report.js';
import type { EmulatorOptions } from '../src/emulator/index.js';
import type { DesiredResource } from '../src/flows/types.js';
import { CHANNEL_TYPES, type ChannelType, type FlexFlow, type FlowFields, toFormParams } from '../src/model/flexFlow.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { FLEX_FLOW_RATE_LIMITS, MAX_FLOWS_PER_ACCOUNT, scaleRateLimits } from '../src/model/limits.js';
import { diff } from '../src/plan/diff.js';
import type { Plan } from '../src/plan/types.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import { startEmulatorThread, type EmulatorThread } from './emulatorThread.js';
import { median } from './median.js';
import { measureStartup, startupSection } from './startup.js';
import { yamlReaderSection } from './yamlReader.js';
import { CHAT_SERVICE, STUDIO_FLOW, declared, liveFlows } from '../test/helpers/fixtures.js';

const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } },
});
const SECTIONS = ['startup', 'yaml', 'apply', 'plan', 'storm'] as const;
/** `--only storm,plan` runs just those sections. */
const only = new Set(flags.only === undefined ? SECTIONS : flags.only.split(','));
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only takes ${SECTIONS.join(', ')}; got ${name}`);
}
const quick = flags.quick === true;
const outFile = flags.out ?? (quick || flags.only !== undefined ? undefined : 'bench/results.md');

/** The emulator waits LATENCY_MS plus a seeded whole 0..JITTER_MS-1 ms per request: a mean of 49.5 ms. */
const LATENCY_MS = 45;
const JITTER_MS = 10;
const MEAN_LATENCY_MS = LATENCY_MS + (JITTER_MS - 1) / 2;

/** Twilio's rates × RATE_SCALE for apply: 150 s of bound at Twilio's own rates become 30 s (quick: 7.5 s). */
const RATE_SCALE = quick ? 20 : 5;
const APPLY_SIZE = { create: 200, update: 100, delete: 100 };
const APPLY_CONCURRENCY = 10;
const STORM_FLOWS = quick ? 100 : 400;
const STORM_RUNS = quick ? 1 : 5;
const STARTUP_ROUNDS = quick ? 5 : 21;

const PRUNE: Settings = { ...DEFAULT_SETTINGS, prune: true };

function flowFields(i: number, variant = 0): FlowFields {
  return {
    friendly_name: `bench flow ${String(i).padStart(6, '0')}`,
    chat_service_sid: CHAT_SERVICE,
    channel_type: CHANNEL_TYPES[i % CHANNEL_TYPES.length] as ChannelType,
    contact_identity: `+1500555${String(i).padStart(6, '0')}`,
    enabled: true,
    integration_type: 'studio',
    integration: { flow_sid: STUDIO_FLOW, retry_count: variant % 4 },
  };
}

function desired(fields: readonly FlowFields[]): DesiredResource[] {
  return fields.map((f, i) => declared(f, i + 1));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

async function withEmulator<T>(options: Omit<EmulatorOptions, 'now'>, use: (emulator: EmulatorThread) => Promise<T>): Promise<T> {
  const emulator = await startEmulatorThread({ latencyMs: LATENCY_MS, jitterMs: JITTER_MS, seed: 7, ...options });
  try {
    return await use(emulator);
  } finally {
    await emulator.close();
  }
}

function clientOptions(emulator: EmulatorThread, options: Partial<ClientOptions> = {}): ClientOptions {
  return {
    connection: { baseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    ...options,
  };
}

function clientFor(emulator: EmulatorThread, options: Partial<ClientOptions> = {}): FlexFlowsClient {
  return createFlexFlowsClient(clientOptions(emulator, options));
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

function fixed(n: number, digits = 2): string {
  return n.toFixed(digits);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const sections: string[] = [];
function report(text: string): void {
  sections.push(text);
  process.stdout.write(`${text}\n\n`);
}

/** What one apply variant did: its wall time, and the emulator's count of requests and 429s. */
interface ApplyRun {
  readonly ms: number;
  readonly requests: number;
  readonly throttled: number;
  readonly failed: number;
}

/**
 * The apply every variant makes: `update` + `delete` live flows (preloaded, free of the rate limits),
 * then a plan of APPLY_SIZE.create creates, APPLY_SIZE.update updates and APPLY_SIZE.delete deletes.
 */
function applyPlan(live: readonly FlexFlow[]): Plan {
  const { create, update, delete: remove } = APPLY_SIZE;
  const want = [...range(update).map((i) => flowFields(i, 1)), ...range(create).map((i) => flowFields(update + remove + i))];
  const plan = diff(desired(want), liveFlows(live), PRUNE);
  const { summary } = plan;
  if (summary.create !== create || summary.update !== update || summary.delete !== remove)
    throw new Error(`bench plan is ${JSON.stringify(summary)}`);
  return plan;
}

/** Twilio's helper library takes the form parameters in camelCase: `Integration.FlowSid` → `integration.flowSid`. */
function helperParams(fields: Partial<FlowFields>): Record<string, string> {
  const lowerFirst = (part: string) => `${part.charAt(0).toLowerCase()}${part.slice(1)}`;
  return Object.fromEntries(
    Object.entries(toFormParams(fields)).map(([param, value]) => [param.split('.').map(lowerFirst).join('.'), value]),
  );
}

/** The plan the way a script with Twilio's helper library does it: one flow at a time, its own 429 retries (autoRetry). */
async function applyWithHelper(emulator: EmulatorThread, plan: Plan): Promise<number> {
  const client = twilio(emulator.accountSid, emulator.authToken, { autoRetry: true });
  client.flexApi.baseUrl = emulator.url;
  const flows = client.flexApi.v1.flexFlow;
  type CreateParams = Parameters<typeof flows.create>[0];
  const changes = plan.changes.filter(isExecutable);
  let failed = 0;
  for (const change of [...changes.filter((c) => c.action !== 'delete'), ...changes.filter((c) => c.action === 'delete')]) {
    try {
      if (change.action === 'create') await flows.create(helperParams(change.after) as unknown as CreateParams);
      else if (change.action === 'update') await flows(change.before.sid).update(helperParams(change.send));
      else await flows(change.before.sid).remove();
    } catch {
      failed += 1;
    }
  }
  return failed;
}

async function applyWithClient(emulator: EmulatorThread, plan: Plan, options: Partial<ClientOptions>): Promise<number> {
  const report = await executePlan(
    plan,
    [createResourceClient(FLEX_FLOW, clientOptions(emulator, { concurrency: APPLY_CONCURRENCY, ...options }))],
    { concurrency: APPLY_CONCURRENCY, createSettleMs: 0 },
  );
  return report.summary.failed;
}

async function benchApply(): Promise<void> {
  const rates = scaleRateLimits(FLEX_FLOW_RATE_LIMITS, RATE_SCALE);
  const { create, update, delete: remove } = APPLY_SIZE;
  const boundMs = (Math.max(create / rates.create, update / rates.update) + remove / rates.delete) * 1000;
  const variants: readonly { label: string; apply: (emulator: EmulatorThread, plan: Plan) => Promise<number> }[] = [
    { label: 'flexflow-sync apply, paced (default)', apply: (e, plan) => applyWithClient(e, plan, { pacing: rates }) },
    {
      label: 'flexflow-sync apply, pacing off (adaptive concurrency only)',
      apply: (e, plan) => applyWithClient(e, plan, { pacing: false }),
    },
    { label: "Twilio's `twilio` helper library, one flow at a time, `autoRetry`", apply: applyWithHelper },
    {
      label: `Terraform-style: fixed parallelism ${APPLY_CONCURRENCY}, exponential backoff`,
      apply: (e, plan) => applyWithClient(e, plan, { pacing: false, adaptive: false }),
    },
  ];
  const runs: ApplyRun[] = [];
  for (const variant of variants) {
    runs.push(
      await withEmulator({ rateScale: RATE_SCALE }, async (emulator) => {
        await emulator.preload(range(update + remove).map((i) => flowFields(i)));
        const plan = applyPlan(await clientFor(emulator, { pacing: rates }).list());
        const before = await emulator.stats();
        const { ms, value: failed } = await timed(() => variant.apply(emulator, plan));
        const after = await emulator.stats();
        const throttled = (after.by_status['429'] ?? 0) - (before.by_status['429'] ?? 0);
        return { ms, requests: after.requests - before.requests, throttled, failed };
      }),
    );
  }
  const rows = variants.map((variant, i) => {
    const run = runs[i] as ApplyRun;
    return [
      variant.label,
      seconds(run.ms),
      `**${fixed(run.ms / boundMs)}x**`,
      String(run.requests),
      String(run.throttled),
      `${fixed((run.throttled / run.requests) * 100, 1)}%`,
      String(run.failed),
    ];
  });
  const paced = runs[0] as ApplyRun;
  report(
    [
      `### apply: ${create} creates + ${update} updates + ${remove} deletes, rate limits × ${RATE_SCALE}`,
      '',
      `The bound is max(creates / ${rates.create}, updates / ${rates.update}) + deletes / ${rates.delete} = ${seconds(boundMs)} at × ${RATE_SCALE} ` +
        `(${seconds(boundMs * RATE_SCALE)} at Twilio's own rates): creates and updates have separate budgets and run side by side, deletes come last. ` +
        `Each variant starts from the same ${update + remove} live flows (preloaded) and makes the same plan; requests and 429s are the emulator's counts; ` +
        `"failed" counts flows not applied when the variant gave up. A ratio below 1 is the buckets' first second: each starts full.`,
      '',
      table(['variant', 'wall', 'ratio to bound', 'requests', '429s', '429 share', 'failed'], rows),
      '',
      `**Paced: ${fixed(paced.ms / boundMs)}× the bound, ${fixed((paced.throttled / paced.requests) * 100, 1)}% of requests answered 429** ` +
        '(goal: at most 1.05× and 1%).',
    ].join('\n'),
  );
}

/** Writes `fields` as flow files of 100 documents each, as a large repository might hold them. */
async function writeFlowFiles(dir: string, fields: readonly FlowFields[]): Promise<void> {
  const perFile = 100;
  for (let start = 0; start < fields.length; start += perFile) {
    const docs = fields
      .slice(start, start + perFile)
      .map((f) => stringify(f))
      .join('---\n');
    await writeFile(join(dir, `flows-${String(start / perFile).padStart(4, '0')}.yaml`), docs);
  }
}

/** Runs the real CLI in-process and returns its exit status; its output goes nowhere. */
function cliEnv(emulator: EmulatorThread, scale: number): Record<string, string> {
  return {
    FLEXFLOW_API_URL: emulator.url,
    TWILIO_ACCOUNT_SID: emulator.accountSid,
    TWILIO_AUTH_TOKEN: emulator.authToken,
    ...(scale === 1 ? {} : { [RATE_SCALE_ENV]: String(scale) }),
  };
}

const BIN = 'bin/flexflow-sync.js';
/** Preloaded into the CLI's process: reports its peak RSS on the last line of stderr. */
const RSS_REPORTER = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss '+process.resourceUsage().maxRSS+'\\n'))`;

/** `flexflow-sync <argv>` as a user runs it, a process of its own: wall time, exit status and peak RSS. */
async function runCliProcess(argv: readonly string[], env: Record<string, string>): Promise<{ ms: number; code: number; rssMiB: number }> {
  const start = performance.now();
  const outcome = await run(process.execPath, ['--import', RSS_REPORTER, BIN, ...argv], {
    env: { PATH: process.env.PATH, ...env },
    maxBuffer: 1 << 28,
  }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code?: number; stderr?: string }) => ({ code: error.code ?? 1, stderr: error.stderr ?? '' }),
  );
  const ms = performance.now() - start;
  const rss = /maxrss (\d+)\s*$/.exec(outcome.stderr);
  return { ms, code: outcome.code, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

/**
 * The plan's steps one by one, cold, in a fresh process of their own (as in the plan process: its
 * first load pays for the JIT and the schema compile, which a warm benchmark process would hide).
 */
const COLD_STEPS = `
import { loadFlows } from './dist/flows/load.js';
import { createFlexFlowsClient } from './dist/api/client.js';
import { pacingRates } from './dist/api/pacing.js';
import { diff } from './dist/plan/diff.js';
import { DEFAULT_SETTINGS } from './dist/settings/types.js';
const [dir, baseUrl, username, password] = process.argv.slice(1);
const t0 = performance.now();
const loaded = await loadFlows({ dir, env: {}, cwd: process.cwd() });
const t1 = performance.now();
const client = createFlexFlowsClient({ connection: { baseUrl, username, password, accountSid: username }, pacing: pacingRates({}, process.env) });
const live = await client.list();
const t2 = performance.now();
const plan = diff(loaded.resources, { 'flex-flow': live }, DEFAULT_SETTINGS);
const t3 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, listMs: t2 - t1, diffMs: t3 - t2, updates: plan.summary.update }));
`;

async function coldPlanSteps(
  dir: string,
  emulator: EmulatorThread,
  size: number,
): Promise<{ loadMs: number; listMs: number; diffMs: number }> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', COLD_STEPS, dir, emulator.url, emulator.accountSid, emulator.authToken],
    {
      env: { PATH: process.env.PATH },
    },
  );
  const steps = JSON.parse(stdout) as { loadMs: number; listMs: number; diffMs: number; updates: number };
  if (steps.updates !== size / 100) throw new Error(`expected ${size / 100} updates, got ${steps.updates}`);
  return steps;
}

/** N live flows (preloaded) and N declared in files of 100 documents, 1% of them changed; `measure` runs in between. */
async function withPlanFixture<T>(size: number, scale: number, measure: (emulator: EmulatorThread, dir: string) => Promise<T>): Promise<T> {
  return withEmulator({ rateScale: scale }, async (emulator) => {
    await emulator.preload(range(size).map((i) => flowFields(i)));
    const dir = await mkdtemp(join(tmpdir(), 'flexflow-bench-'));
    try {
      await writeFlowFiles(
        dir,
        range(size).map((i) => flowFields(i, i % 100 === 0 ? 1 : 0)),
      );
      return await measure(emulator, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

async function benchPlan(): Promise<void> {
  if (!existsSync(join('dist', 'cli-bundle', 'main.js')))
    throw new Error('the plan benchmark runs bin/flexflow-sync.js: build dist/ first (npm run build)');
  const size = MAX_FLOWS_PER_ACCOUNT;
  const startups = [];
  for (let i = 0; i < 3; i++) startups.push((await runCliProcess(['--version'], {})).ms);
  const startupMs = median(startups);
  const atCap = await withPlanFixture(size, 1, async (emulator, dir) => {
    const command = await runCliProcess(['plan', '--dir', dir, '--format', 'json', '--detailed-exitcode'], cliEnv(emulator, 1));
    if (command.code !== 2) throw new Error(`plan exited ${command.code}, expected 2 (changes)`);
    return { command, steps: await coldPlanSteps(dir, emulator, size) };
  });
  const { loadMs, listMs, diffMs } = atCap.steps;
  const boundMs = startupMs + Math.max(loadMs, listMs) + diffMs;
  const serialMs = startupMs + loadMs + listMs + diffMs;
  report(
    [
      `### plan at ${size.toLocaleString('en-US')} flows (Twilio's maximum), 1% changed, Twilio's own rate limits`,
      '',
      `\`flexflow-sync plan --format json --detailed-exitcode\` run as a user runs it (\`node ${BIN}\`, a process of its own) against ${size.toLocaleString('en-US')} live flows ` +
        'and the same flows in files of 100 documents, 1% of them changed; then its steps timed one by one, cold, in a fresh process. ' +
        'plan lists while it loads the files, so its bound is startup + max(load, list) + diff.',
      '',
      table(
        [
          'wall',
          'bound: startup + max(load, list) + diff',
          'ratio',
          'startup (`--version`)',
          'load + validate',
          'listing',
          'diff',
          'serial sum',
          'peak RSS of the plan process',
        ],
        [
          [
            seconds(atCap.command.ms),
            seconds(boundMs),
            `**${fixed(atCap.command.ms / boundMs)}x**`,
            seconds(startupMs),
            seconds(loadMs),
            `${seconds(listMs)} (${Math.ceil(size / 1000)} pages)`,
            `${fixed(diffMs, 1)} ms`,
            seconds(serialMs),
            `${Math.round(atCap.command.rssMiB)} MiB`,
          ],
        ],
      ),
    ].join('\n'),
  );
}

/**
 * The adaptive limiter is for limits nobody documented, so the storm runs without the documented
 * ones (emulator limits off, no pacing): a cap on requests in flight and random 429s instead.
 * How long a run takes here depends on the few requests refused several times in a row (their backoff
 * grows), so each variant runs STORM_RUNS times on the same seeds and the table gives medians and ranges.
 */
async function benchStorm(): Promise<void> {
  const variants = [
    { label: 'adaptive (default)', adaptive: true },
    { label: 'fixed at 32', adaptive: false },
  ];
  const runs = new Map(
    variants.map((variant) => [variant.label, [] as { ms: number; throttled: number; requests: number; flows: number; failed: number }[]]),
  );
  for (const seed of range(STORM_RUNS).map((r) => 100 + r)) {
    for (const variant of variants) {
      const options = { errorRate: 0.2, errorStatuses: [429 as const], maxConcurrent: 8, retryAfterSeconds: 1, seed, rateLimits: false };
      runs.get(variant.label)?.push(
        await withEmulator(options, async (emulator) => {
          const client = createResourceClient(
            FLEX_FLOW,
            clientOptions(emulator, { concurrency: 32, adaptive: variant.adaptive, pacing: false }),
          );
          const plan = diff(desired(range(STORM_FLOWS).map((i) => flowFields(i))), liveFlows([]), DEFAULT_SETTINGS);
          const applied = await timed(() => executePlan(plan, [client], { concurrency: 32, createSettleMs: 0 }));
          const stats = await emulator.stats();
          return {
            ms: applied.ms,
            failed: applied.value.summary.failed,
            throttled: stats.by_status['429'] ?? 0,
            requests: stats.requests,
            flows: stats.flows,
          };
        }),
      );
    }
  }
  const spread = (values: readonly number[], format: (n: number) => string) =>
    values.length === 1
      ? format(values[0] as number)
      : `${format(median(values))} (${format(Math.min(...values))} – ${format(Math.max(...values))})`;
  const rows = variants.map(({ label }) => {
    const results = runs.get(label) ?? [];
    return [
      label,
      spread(
        results.map((r) => r.ms),
        seconds,
      ),
      spread(
        results.map((r) => r.throttled),
        String,
      ),
      spread(
        results.map((r) => r.requests),
        String,
      ),
      `${Math.min(...results.map((r) => r.flows))} / ${STORM_FLOWS}`,
      String(Math.max(...results.map((r) => r.failed))),
    ];
  });
  report(
    [
      `### limits nobody documented: ${STORM_FLOWS} creates under 20% injected 429 and a cap of 8 requests in flight, --concurrency 32`,
      '',
      `Documented rate limits off and pacing off, so that only the adaptive limiter is measured. Each 429 carries Retry-After: 1 s. ${STORM_RUNS === 1 ? 'One run' : `Median (min – max) of ${STORM_RUNS} runs on seeds 100–${99 + STORM_RUNS}`} per variant; "flows created" is the lowest, "failed" the highest.`,
      '',
      table(['concurrency', 'time to converge', '429s received', 'requests', 'flows created', 'failed'], rows),
    ].join('\n'),
  );
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const header = [
  `# flexflow-sync benchmarks${quick ? ' (--quick)' : ''}`,
  '',
  `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Each run starts a fresh emulator (on a worker thread of the benchmark process) with ${LATENCY_MS} ms + 0..${JITTER_MS} ms seeded jitter per request (mean ${MEAN_LATENCY_MS} ms). Command: \`${command}\`.`,
  '',
  "The emulator enforces Twilio's rate limits for Flex Flows, per account and per endpoint, as Twilio's docs give them " +
    '("Flex Messaging Limits", https://www.twilio.com/docs/flex/developer/messaging/limits: `GET /FlexFlows` 10, `GET /FlexFlows/FOxx` 2, ' +
    '`POST /FlexFlows` 2, `POST /FlexFlows/FOxx` 1, `DELETE /FlexFlows/FOxx` 2, read as per second like the rows around them; 429 without Retry-After), ' +
    `and the cap of ${MAX_FLOWS_PER_ACCOUNT.toLocaleString('en-US')} flows per account. Where a section scales the rates (\`--rate-scale\`), ` +
    'the client is scaled alike (FLEXFLOW_RATE_SCALE) and the bound with them, so ratios to the bound are those of a real account.',
].join('\n');
process.stdout.write(`${header}\n\n`);

if (only.has('startup')) report(startupSection(await measureStartup(STARTUP_ROUNDS), STARTUP_ROUNDS));
if (only.has('yaml')) report(yamlReaderSection(quick ? 3 : 9));
if (only.has('apply')) await benchApply();
if (only.has('plan')) await benchPlan();
if (only.has('storm')) await benchStorm();

if (outFile !== undefined) {
  await writeFile(outFile, `${header}\n\n${sections.join('\n\n')}\n`);
  process.stdout.write(`Results written to ${outFile}\n`);
}
