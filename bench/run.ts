/**
 * `npm run bench [-- --quick] [-- --out FILE]`: apply and plan at scale against fresh emulators
 * with a fixed latency, side by side with Twilio's helper library. Every figure is a ratio of two
 * runs made in this one process, so that the machine's speed cancels out; absolute times are
 * printed for context only.
 */
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { parseArgs } from 'node:util';
import { Agent, request as httpRequest } from 'node:http';
import pLimit from 'p-limit';
import twilio from 'twilio';
import { createFlexFlowsClient, type FlexFlowsClient } from '../src/api/client.js';
import { executePlan } from '../src/apply/execute.js';
import type { EmulatorOptions } from '../src/emulator/index.js';
import type { DesiredFlow } from '../src/flows/types.js';
import { loadFlows } from '../src/flows/load.js';
import { main } from '../src/cli/main.js';
import { CHANNEL_TYPES, type FlowFields, toFormParams } from '../src/model/flexFlow.js';
import { diff } from '../src/plan/diff.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import { startEmulatorThread, type EmulatorThread } from './emulatorThread.js';
import { createWithTwilioCli, twilioCliUnavailable } from './twilioCli.js';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } },
});
const SECTIONS = ['apply', 'plan', 'storm'] as const;
/** `--only storm,plan` runs just those sections (the twilio baselines belong to apply: they compare with it). */
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

const APPLY_SIZE = quick ? { create: 200, update: 100, delete: 100 } : { create: 1000, update: 500, delete: 500 };
const CONCURRENCIES = [1, 4, 10, 32];
const PLAN_SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 50_000];
const STORM_FLOWS = quick ? 100 : 400;
const STORM_RUNS = quick ? 1 : 5;

const IS = `IS${'0'.repeat(32)}`;
const FW = `FW${'0'.repeat(32)}`;
const PRUNE: Settings = { ...DEFAULT_SETTINGS, prune: true };

function flowFields(i: number, variant = 0): FlowFields {
  return {
    friendly_name: `bench flow ${String(i).padStart(6, '0')}`,
    chat_service_sid: IS,
    channel_type: CHANNEL_TYPES[i % CHANNEL_TYPES.length],
    contact_identity: `+1500555${String(i).padStart(6, '0')}`,
    enabled: true,
    integration_type: 'studio',
    integration: { flow_sid: FW, retry_count: variant % 4 },
  };
}

function desired(fields: readonly FlowFields[]): DesiredFlow[] {
  return fields.map((f, i) => ({ fields: f, renamedFrom: [], source: { file: 'bench', line: i + 1, column: 1 } }));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

async function withEmulator<T>(options: Omit<EmulatorOptions, 'now'>, run: (emulator: EmulatorThread) => Promise<T>): Promise<T> {
  const emulator = await startEmulatorThread({ latencyMs: LATENCY_MS, jitterMs: JITTER_MS, seed: 7, ...options });
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

function clientFor(emulator: EmulatorThread, concurrency: number, adaptive = true): FlexFlowsClient {
  return createFlexFlowsClient({
    connection: { baseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    concurrency,
    adaptive,
  });
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

/** One phase of apply: diff then execute; returns the execute time (the diff is measured elsewhere). */
async function applyPhase(client: FlexFlowsClient, want: readonly FlowFields[], settings: Settings, concurrency: number): Promise<number> {
  const live = await client.list();
  const plan = diff(desired(want), live, settings);
  // No other apply races these: the settle delay before the duplicate check would only add a constant.
  const { ms, value } = await timed(() => executePlan(plan, client, { concurrency, createSettleMs: 0 }));
  if (value.summary.failed > 0) throw new Error(`bench apply had ${value.summary.failed} failures`);
  return ms;
}

async function benchApply(): Promise<number> {
  const { create, update, delete: remove } = APPLY_SIZE;
  const all = range(create).map((i) => flowFields(i));
  const updated = all.map((f, i) => (i < update ? flowFields(i, 1) : f));
  const kept = updated.slice(0, create - remove);
  const rows: string[][] = [];
  let createAt10 = 0;
  for (const concurrency of CONCURRENCIES) {
    const times = await withEmulator({}, async (emulator) => {
      const client = clientFor(emulator, concurrency);
      await warmUp(emulator, concurrency);
      return [
        await applyPhase(client, all, DEFAULT_SETTINGS, concurrency),
        await applyPhase(client, updated, DEFAULT_SETTINGS, concurrency),
        await applyPhase(client, kept, PRUNE, concurrency),
      ];
    });
    const floorMs = await withEmulator({}, async (emulator) => {
      await warmUp(emulator, concurrency);
      return rawCreates(emulator, all, concurrency);
    });
    const [createMs = 0, updateMs = 0, deleteMs = 0] = times;
    if (concurrency === 10) createAt10 = createMs;
    const bound = (n: number) => Math.ceil(n / concurrency) * MEAN_LATENCY_MS;
    const totalMs = createMs + updateMs + deleteMs;
    const totalBound = bound(create) + bound(update) + bound(remove);
    rows.push([
      String(concurrency),
      `${seconds(createMs)} (${fixed(createMs / bound(create))}x)`,
      `${seconds(updateMs)} (${fixed(updateMs / bound(update))}x)`,
      `${seconds(deleteMs)} (${fixed(deleteMs / bound(remove))}x)`,
      `${seconds(totalMs)} (**${fixed(totalMs / totalBound)}x**)`,
      `${seconds(floorMs)} (${fixed(floorMs / bound(create))}x)`,
      `${fixed(createMs / floorMs)}x`,
    ]);
  }
  // Where the time above the bound goes: the same creates with no latency at all is pure overhead.
  const overheadMs = await withEmulator({ latencyMs: 0, jitterMs: 0 }, async (emulator) => {
    await warmUp(emulator, 10);
    return applyPhase(clientFor(emulator, 10), all, DEFAULT_SETTINGS, 10);
  });
  const rawOverheadMs = await withEmulator({ latencyMs: 0, jitterMs: 0 }, async (emulator) => {
    await warmUp(emulator, 10);
    return rawCreates(emulator, all, 10);
  });
  report(
    [
      `### apply: ${create} creates, then ${update} updates, then ${remove} deletes`,
      '',
      `Wall time of each phase and its ratio to the ideal bound ceil(N / C) × ${MEAN_LATENCY_MS} ms (the emulator's mean latency). ` +
        'The floor is the same creates sent by a bare `node:http` loop with the same concurrency and keep-alive: what this machine ' +
        'and the emulator allow before any client code; the last column is apply against that floor.',
      '',
      table(['concurrency', 'create', 'update', 'delete', 'all three', 'create floor (bare node:http)', 'create vs floor'], rows),
      '',
      `Overhead, with zero latency: the ${create} creates at concurrency 10 take ${seconds(overheadMs)} with apply ` +
        `(${fixed(overheadMs / create)} ms a flow) and ${seconds(rawOverheadMs)} with bare node:http (${fixed(rawOverheadMs / create)} ms a flow). ` +
        'Most of the difference is got\'s per-request machinery (a CPU profile puts our own code under 0.05 ms a request); ' +
        'the rest of the gap to the bound is the emulator round trip on this shared 2-core machine, which the floor shows.',
    ].join('\n'),
  );
  return createAt10;
}

/** A few requests before timing, so that neither side's first requests pay for JIT warm-up. */
async function warmUp(emulator: EmulatorThread, concurrency: number): Promise<void> {
  const client = clientFor(emulator, concurrency);
  await Promise.all(range(concurrency * 2).map(() => client.list()));
}

/** The creates as a bare node:http loop: no retries, no limiter, no got: the floor for any client. */
async function rawCreates(emulator: EmulatorThread, flows: readonly FlowFields[], concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
  const target = new URL('/v1/FlexFlows', emulator.url);
  const post = (fields: FlowFields) =>
    new Promise<void>((resolve, reject) => {
      const body = new URLSearchParams(toFormParams(fields)).toString();
      const req = httpRequest(target, {
        method: 'POST',
        agent,
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`bare create answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  const limit = pLimit(concurrency);
  try {
    const { ms } = await timed(() => Promise.all(flows.map((fields) => limit(() => post(fields)))));
    return ms;
  } finally {
    agent.destroy();
  }
}

/** twilio-cli starts a process per flow (about 1.5 s each here), so it is timed on a sample and scaled to N. */
async function benchTwilioCli(n: number): Promise<{ sample: number; perFlowMs: number } | string> {
  const unavailable = twilioCliUnavailable(process.env);
  if (unavailable !== undefined) return unavailable;
  const sample = quick ? 5 : 20;
  return withEmulator({}, async (emulator) => {
    const flows = range(Math.min(sample, n)).map((i) => {
      const f = flowFields(i);
      return { friendlyName: f.friendly_name, chatServiceSid: IS, channelType: f.channel_type ?? 'web', flowSid: FW };
    });
    const ms = await createWithTwilioCli(process.env.TWILIO_CLI_BIN as string, emulator, flows);
    const created = (await emulator.stats()).flows;
    if (created !== flows.length) throw new Error(`twilio-cli created ${created} of ${flows.length} flows`);
    return { sample: flows.length, perFlowMs: ms / flows.length };
  });
}

async function benchTwilioHelper(oursAt10Ms: number): Promise<void> {
  const n = APPLY_SIZE.create;
  const helperMs = await withEmulator({}, async (emulator) => {
    await warmUp(emulator, 1);
    const client = twilio(emulator.accountSid, emulator.authToken);
    client.flexApi.baseUrl = emulator.url;
    const { ms } = await timed(async () => {
      for (const i of range(n)) {
        const f = flowFields(i);
        await client.flexApi.v1.flexFlow.create({
          friendlyName: f.friendly_name,
          chatServiceSid: IS,
          channelType: f.channel_type as 'web',
          contactIdentity: f.contact_identity ?? undefined,
          enabled: true,
          integrationType: 'studio',
          'integration.flowSid': FW,
          'integration.retryCount': 0,
        });
      }
    });
    return ms;
  });
  const cli = await benchTwilioCli(n);
  const rows = [
    ["Twilio's `twilio` helper library, one flow at a time", seconds(helperMs), `${fixed(helperMs / oursAt10Ms, 1)}x`],
  ];
  if (typeof cli !== 'string') {
    const cliMs = cli.perFlowMs * n;
    rows.unshift([
      `twilio-cli \`api:flex:v1:flex-flows:create\` in a shell loop (${cli.sample} timed, × ${n / cli.sample})`,
      `${seconds(cliMs)} (${fixed(cli.perFlowMs / 1000)} s a flow)`,
      `${fixed(cliMs / oursAt10Ms, 0)}x`,
    ]);
  }
  rows.push(['flexflow-sync apply, --concurrency 10', seconds(oursAt10Ms), '1.0x']);
  report(
    [
      `### the same ${n} creates, the way teams script it today`,
      '',
      table(['how', 'wall time', 'flexflow-sync is faster by'], rows),
      ...(typeof cli === 'string' ? ['', `twilio-cli not measured in this run: ${cli}.`] : []),
    ].join('\n'),
  );
}

/** Writes `fields` as flow files of 100 documents each, as a large repository might hold them. */
async function writeFlowFiles(dir: string, fields: readonly FlowFields[]): Promise<void> {
  const perFile = 100;
  for (let start = 0; start < fields.length; start += perFile) {
    const docs = fields.slice(start, start + perFile).map((f) => stringify(f)).join('---\n');
    await writeFile(join(dir, `flows-${String(start / perFile).padStart(4, '0')}.yaml`), docs);
  }
}

/** Runs the real CLI in-process and returns its exit status; its output goes nowhere. */
async function runCli(argv: readonly string[], emulator: EmulatorThread): Promise<number> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  return main(argv, {
    stdout: sink,
    stderr: sink,
    stdinIsTTY: false,
    cwd: process.cwd(),
    env: { FLEXFLOW_API_URL: emulator.url, TWILIO_ACCOUNT_SID: emulator.accountSid, TWILIO_AUTH_TOKEN: emulator.authToken },
    prompt: async () => '',
  });
}

async function benchPlan(): Promise<void> {
  const rows: string[][] = [];
  for (const size of PLAN_SIZES) {
    const row = await withEmulator({}, async (emulator) => {
      await emulator.preload(range(size).map((i) => flowFields(i)));
      const dir = await mkdtemp(join(tmpdir(), 'flexflow-bench-'));
      try {
        await writeFlowFiles(dir, range(size).map((i) => flowFields(i, i % 100 === 0 ? 1 : 0)));
        const command = await timed(() => runCli(['plan', '--dir', dir, '--format', 'json', '--detailed-exitcode'], emulator));
        if (command.value !== 2) throw new Error(`plan exited ${command.value}, expected 2 (changes)`);
        // The same steps again, one at a time, to see where the command's time went.
        const loaded = await timed(() => loadFlows({ dir, env: {}, cwd: process.cwd() }));
        const listed = await timed(() => clientFor(emulator, 10).list());
        const diffed = await timed(async () => diff(loaded.value.flows, listed.value, DEFAULT_SETTINGS));
        if (diffed.value.summary.update !== size / 100) throw new Error(`expected ${size / 100} updates, got ${diffed.value.summary.update}`);
        return { commandMs: command.ms, loadMs: loaded.ms, listMs: listed.ms, diffMs: diffed.ms, rssMiB: process.resourceUsage().maxRSS / 1024 };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
    rows.push([
      size.toLocaleString('en-US'),
      seconds(row.commandMs),
      seconds(row.loadMs),
      `${seconds(row.listMs)} (${size / 1000} pages)`,
      `${fixed(row.diffMs, 1)} ms`,
      `${fixed((row.diffMs / row.commandMs) * 100)}%`,
      `${fixed((row.diffMs * 1000) / size, 2)} µs`,
      `${Math.round(row.rssMiB)} MiB`,
    ]);
  }
  report(
    [
      '### plan: N live flows vs N declared in files, 1% changed',
      '',
      '`flexflow-sync plan --format json` run in-process on N flows in files of 100 documents; then its steps timed one by one.',
      '',
      table(['flows', 'plan command', 'load + validate files', 'listing', 'pure diff', 'diff share', 'diff per flow', 'peak RSS*'], rows),
      '',
      '\\* peak RSS of the benchmark process so far (the emulator runs on a thread of the same process and holds the N live flows). ' +
        'A flat "diff per flow" across sizes means the diff grows as N (its sort: N log N).',
    ].join('\n'),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * How long a run takes here depends on the few requests refused several times in a row (their backoff
 * grows), so each variant runs STORM_RUNS times on the same seeds and the table gives medians and ranges.
 */
async function benchStorm(): Promise<void> {
  const variants = [
    { label: 'adaptive (default)', adaptive: true },
    { label: 'fixed at 32', adaptive: false },
  ];
  const runs = new Map(variants.map((variant) => [variant.label, [] as { ms: number; throttled: number; requests: number; flows: number; failed: number }[]]));
  for (const seed of range(STORM_RUNS).map((r) => 100 + r)) {
    for (const variant of variants) {
      const options = { errorRate: 0.2, errorStatuses: [429 as const], maxConcurrent: 8, retryAfterSeconds: 1, seed };
      runs.get(variant.label)?.push(
        await withEmulator(options, async (emulator) => {
          const client = clientFor(emulator, 32, variant.adaptive);
          const plan = diff(desired(range(STORM_FLOWS).map((i) => flowFields(i))), [], DEFAULT_SETTINGS);
          const run = await timed(() => executePlan(plan, client, { concurrency: 32, createSettleMs: 0 }));
          const stats = await emulator.stats();
          return { ms: run.ms, failed: run.value.summary.failed, throttled: stats.by_status['429'] ?? 0, requests: stats.requests, flows: stats.flows };
        }),
      );
    }
  }
  const spread = (values: readonly number[], format: (n: number) => string) =>
    values.length === 1 ? format(values[0] as number) : `${format(median(values))} (${format(Math.min(...values))} – ${format(Math.max(...values))})`;
  const rows = variants.map(({ label }) => {
    const results = runs.get(label) ?? [];
    return [
      label,
      spread(results.map((r) => r.ms), seconds),
      spread(results.map((r) => r.throttled), String),
      spread(results.map((r) => r.requests), String),
      `${Math.min(...results.map((r) => r.flows))} / ${STORM_FLOWS}`,
      String(Math.max(...results.map((r) => r.failed))),
    ];
  });
  report(
    [
      `### ${STORM_FLOWS} creates under 20% injected 429 and a cap of 8 requests in flight, --concurrency 32`,
      '',
      `Each 429 carries Retry-After: 1 s. ${STORM_RUNS === 1 ? 'One run' : `Median (min – max) of ${STORM_RUNS} runs on seeds 100–${99 + STORM_RUNS}`} per variant; "flows created" is the lowest, "failed" the highest.`,
      '',
      table(['concurrency', 'time to converge', '429s received', 'requests', 'flows created', 'failed'], rows),
    ].join('\n'),
  );
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = [
  `# flexflow-sync benchmarks${quick ? ' (--quick)' : ''}`,
  '',
  `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  `Each run starts a fresh emulator (on a worker thread of the benchmark process) with ${LATENCY_MS} ms + 0..${JITTER_MS} ms seeded jitter per request (mean ${MEAN_LATENCY_MS} ms). Command: \`npm run bench${quick ? ' -- --quick' : ''}\`.`,
].join('\n');
process.stdout.write(`${header}\n\n`);

if (only.has('apply')) await benchTwilioHelper(await benchApply());
if (only.has('plan')) await benchPlan();
if (only.has('storm')) await benchStorm();

if (outFile !== undefined) {
  await writeFile(outFile, `${header}\n\n${sections.join('\n\n')}\n`);
  process.stdout.write(`Results written to ${outFile}\n`);
}
