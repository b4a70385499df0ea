/**
 * How long a run takes to start: `--help` and `validate` of the repository's 6 example flows, each
 * a process of its own, side by side with `node -e 0` (rounds interleaved, so that the machine's
 * load falls on all three alike). Goals: `--help` at most 2×, `validate` at most 3× `node -e 0`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { median } from './median.js';

const run = promisify(execFile);

const ROWS = [
  { label: '`node -e 0`', argv: ['-e', '0'] },
  { label: '`flexflow-sync --help`', argv: ['bin/flexflow-sync.js', '--help'], goal: 2 },
  {
    label: '`flexflow-sync validate` (the example repository: 6 flows and 1 address configuration in 5 files, and the settings)',
    argv: ['bin/flexflow-sync.js', 'validate'],
    goal: 3,
  },
] as const;

export interface StartupRow {
  readonly label: string;
  readonly medianMs: number;
  readonly minMs: number;
  /** The median over `node -e 0`'s median. */
  readonly ratio: number;
  readonly goal?: number;
}

async function wallMs(argv: readonly string[]): Promise<number> {
  const start = performance.now();
  await run(process.execPath, [...argv], { env: { PATH: process.env.PATH } });
  return performance.now() - start;
}

/** Runs every row `rounds` times, interleaved, after one warm-up round that fills the file cache. */
export async function measureStartup(rounds: number): Promise<StartupRow[]> {
  if (!existsSync('dist/cli-bundle/main.js'))
    throw new Error('the startup benchmark runs bin/flexflow-sync.js: build dist/ first (npm run build)');
  const times = ROWS.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [i, row] of ROWS.entries()) {
      const ms = await wallMs(row.argv);
      if (round >= 0) times[i]?.push(ms);
    }
  }
  const base = median(times[0] ?? []);
  return ROWS.map((row, i) => {
    const values = times[i] ?? [];
    return {
      label: row.label,
      medianMs: median(values),
      minMs: Math.min(...values),
      ratio: median(values) / base,
      ...('goal' in row ? { goal: row.goal } : {}),
    };
  });
}

export function startupSection(rows: readonly StartupRow[], rounds: number): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const verdict = (row: StartupRow) =>
    row.goal === undefined ? '' : `at most ${row.goal}×: ${row.ratio <= row.goal ? 'met' : '**not met**'}`;
  return [
    '### startup',
    '',
    `Each command a process of its own, as a user runs it; median and fastest of ${rounds} interleaved rounds, ratio of the medians to \`node -e 0\`. ` +
      '`npm run bench -- --only startup` runs this section alone.',
    '',
    line(['command', 'median', 'fastest', 'ratio to `node -e 0`', 'goal']),
    line(['---', '---', '---', '---', '---']),
    ...rows.map((row) =>
      line([row.label, `${row.medianMs.toFixed(0)} ms`, `${row.minMs.toFixed(0)} ms`, `**${row.ratio.toFixed(2)}x**`, verdict(row)]),
    ),
  ].join('\n');
}
