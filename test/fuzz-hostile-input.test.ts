/**
 * 1,000 generated hostile friendly names and webhook URLs (seeded, so a failure repeats), one flow
 * file each, through validate → plan → apply → plan: every flow ends in a clean error or converges,
 * and no webhook password or terminal escape is printed (issue 12).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../src/emulator/rng.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE } from './helpers/fixtures.js';

const CASES = 1000;

/** Pieces of names that a name may hold: scripts, emoji, YAML and Markdown syntax, forged commands, `$${`. */
const PRINTABLE_PIECES = [
  'Support',
  'Ünïcödé',
  '😀',
  '中文',
  ' ',
  '::error::x',
  '##[warning]',
  '%0A',
  '$${Y}',
  '"',
  "'",
  '\\',
  '@',
  ':',
  '#',
  '<script>',
  '`',
  '|',
  '*',
  '_',
  '[a](b)',
  '&amp;',
  '-',
  '---',
  'x'.repeat(120),
  'null',
  'true',
  '0x1F',
  '\u00a0',
];
/** Pieces a name may not hold (or that make it unresolvable): controls, bidi, surrogates, blanks, variables. */
const HOSTILE_PIECES = [
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u200f',
  '\u2028',
  '\ud800',
  '\udfff',
  '${X}',
  '${',
  '\ufeff',
];
const NAME_PIECES = [...PRINTABLE_PIECES, ...HOSTILE_PIECES];

type UrlTemplate = (password: string, piece: string) => string;

/** Webhook URLs with the password in the userinfo, spelled as the WHATWG parser spells them. */
const CANONICAL_URLS: readonly UrlTemplate[] = [
  (pw) => `https://bot:${pw}@hooks.example.com/in`,
  (pw, piece) => `https://bot:${pw}@hooks.example.com/${encodeURIComponent(piece.replace(/[\ud800-\udfff]/g, ''))}`,
  (pw) => `https://bot:${pw}@Hooks.Example.COM`,
  (pw) => `http://bot:${pw}@127.0.0.1:8080/x`,
];
/** The same password in spellings other tools read differently, or where no webhook may go. */
const HOSTILE_URLS: readonly UrlTemplate[] = [
  (pw) => `https:/bot:${pw}@hooks.example.com/x`,
  (pw) => `https:bot:${pw}@hooks.example.com/x`,
  (pw) => `https:\\\\bot:${pw}@hooks.example.com/x`,
  (pw) => `https://bot:x@${pw}@hooks.example.com/x`,
  (pw) => `https://bot: ${pw}@hooks.example.com/x`,
  (pw) => `https://bot:\t${pw}@hooks.example.com/x`,
  (pw) => ` https://bot:${pw}@hooks.example.com/x `,
  (pw) => `http://bot:${pw}@hooks.example.com/x`,
  (pw, piece) => `https://bot:${pw}@hooks.example.com/${piece}`,
  (pw) => `ftp://bot:${pw}@hooks.example.com/x`,
  (pw) => `https://bot:${pw}@/x`,
  (pw) => `https://bot:${pw}@hooks.example.com/${'y'.repeat(2100)}`,
];

interface FuzzCase {
  readonly file: string;
  readonly password: string;
  readonly yaml: string;
}

function generate(seed: number): FuzzCase[] {
  const rng = new SeededRng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)] as T;
  return Array.from({ length: CASES }, (_, index) => {
    // Half the cases stay within what validate accepts, so that both outcomes are exercised.
    const pieces = Array.from({ length: 1 + Math.floor(rng.next() * 5) }, () => pick(rng.next() < 0.5 ? PRINTABLE_PIECES : NAME_PIECES));
    const name = `${index} ${pieces.join('')}`;
    const password = `pw${index}SECRET`;
    const url = pick(rng.next() < 0.5 ? CANONICAL_URLS : HOSTILE_URLS)(password, pick(NAME_PIECES));
    // JSON strings are YAML double-quoted scalars, escapes and all.
    const yaml = `friendly_name: ${JSON.stringify(name)}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\nintegration_type: external\nintegration:\n  url: ${JSON.stringify(url)}\n`;
    return { file: `case-${String(index).padStart(4, '0')}.yaml`, password, yaml };
  });
}

describe('fuzz: hostile names and URLs', () => {
  const emulator = useEmulator({ seed: 5 });
  const cwd = useTempDir('flexflow-fuzz-');

  it('every generated flow ends in a clean error or converges, and nothing secret or raw is printed', { timeout: 60_000 }, async () => {
    const cases = generate(12);
    await mkdir(join(cwd(), 'flows'));
    for (const fuzz of cases) await writeFile(join(cwd(), 'flows', fuzz.file), fuzz.yaml);
    const env = { ...emulatorEnv(emulator()), GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: cwd() };
    const runs: CliRun[] = [];
    const run = async (args: string[]): Promise<CliRun> => {
      const result = await runCli(args, { cwd: cwd(), env });
      runs.push(result);
      return result;
    };

    const validated = await run(['validate', '--format', 'json']);
    const { problems } = JSON.parse(validated.stdout) as { problems: { file: string; line: number; column: number; message: string }[] };
    expect(
      problems.every(
        (problem) => problem.file.startsWith('flows/case-') && problem.line > 0 && problem.column > 0 && problem.message !== '',
      ),
    ).toBe(true);
    const refused = new Set(problems.map((problem) => problem.file.slice('flows/'.length)));
    for (const fuzz of cases) if (refused.has(fuzz.file)) await rm(join(cwd(), 'flows', fuzz.file));
    const accepted = cases.length - refused.size;
    // The generator must exercise both outcomes, or the test proves little.
    expect(refused.size).toBeGreaterThan(CASES / 10);
    expect(accepted).toBeGreaterThan(CASES / 10);

    expect((await run(['validate'])).code).toBe(0);
    expect((await run(['plan', '--detailed-exitcode'])).code).toBe(2);
    const applied = await run(['apply', '--auto-approve']);
    expect(applied.stdout).toContain(`Apply complete: ${accepted} created, 0 updated, 0 deleted, 0 failed.`);
    const again = await run(['plan', '--detailed-exitcode']);
    expect(again.stdout).toBe(`No changes. ${accepted} flows unchanged.\n`);
    expect(again.code).toBe(0);

    for (const result of runs) {
      const output = `${result.stdout}${result.stderr}`;
      // eslint-disable-next-line no-control-regex -- an escape character in the output is what this looks for
      expect(output).not.toMatch(/SECRET|bug in flexflow-sync|\u001b|\u202e|\u0085|\p{Cs}/u);
      const forged = output
        .split('\n')
        .filter(
          (line) => /^\s*(::|##\[)/.test(line) && !line.startsWith('::error file=') && !line.startsWith('::warning title=flexflow-sync::'),
        );
      expect(forged).toEqual([]);
    }
  });
});
