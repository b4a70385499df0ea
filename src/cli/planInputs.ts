import type { Command } from 'commander';
import type { KindName } from '../model/kind.js';
import { DEFAULT_KIND, kindNamed } from '../model/kinds.js';
import type { LiveByKind } from '../plan/diff.js';
import { makePlan } from '../plan/make.js';
import { inertMigrations } from '../plan/migrations.js';
import { formatPosition } from '../source/problems.js';
import type { PlanTarget } from '../plan/target.js';
import type { Settings } from '../settings/types.js';
import { UserInputError } from '../errors.js';
import type { SafetyOverrides } from '../plan/safety.js';
import type { Plan } from '../plan/types.js';
import type { ConnectedApi } from './connect.js';
import type { Io } from './io.js';
import { resolveDesiredNames } from './names.js';
import { plannedKinds } from '../plan/loadDesired.js';
import { loadDesiredState, type LoadDesiredOptions } from './pipeline.js';

/** The flags plan and apply share: where the declared flows are, which account, what may be changed, and colour. */
export interface PlanInputFlags {
  dir: string;
  /** False with --no-color. */
  color: boolean;
  config?: string;
  varFile?: string;
  apiUrl?: string;
  /** `--profile NAME`: a twilio-cli profile. */
  profile?: string;
  maxDeleteFraction?: string;
  maxUpdateFraction?: string;
  /** `--target GLOB`, repeatable: keep the plan to the changes these match. */
  target?: string[];
}

export const PROFILE_HELP = "twilio-cli profile for the account (default: TWILIO_* variables, else twilio-cli's active profile)";

/** Adds the PlanInputFlags options, so that plan and apply take them with the same names, defaults and help. */
export function addPlanInputOptions(command: Command): Command {
  return command
    .option('--dir <path>', 'flows folder (must exist)', 'flows')
    .option(
      '--config <file>',
      'settings file: prune, ignore, protect, max_delete_fraction, max_update_fraction (default: flexflow-sync.yaml or .yml here, else beside the repository of --dir)',
    )
    .option('--var-file <file>', 'values for ${NAME} placeholders')
    .option('--api-url <url>', 'Flex API base URL (default: Twilio, or FLEXFLOW_API_URL)')
    .option('--profile <name>', PROFILE_HELP)
    .option('--max-delete-fraction <n>', 'largest share of the live resources of a kind one plan may delete (overrides the settings file)')
    .option('--max-update-fraction <n>', 'largest share of the live resources of a kind one plan may update (overrides the settings file)')
    .option(
      '--target <glob>',
      'plan only the changes whose key matches (repeatable; KIND:GLOB for one kind, e.g. address-configuration:+1555*); the plan lists what it left out',
      collect,
    )
    .option('--no-color', 'no colour, whatever the terminal, FORCE_COLOR or TERM say');
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A saved plan already carries the targets it was made with: narrowing it again at apply time would apply a plan nobody reviewed. */
export function refuseTargetsWithPlanFile(planFile: string | undefined, flags: Pick<PlanInputFlags, 'target'>): void {
  if (planFile === undefined || flags.target === undefined) return;
  throw new UserInputError(
    `--target cannot be given with a plan file (${planFile}): a saved plan keeps the targets it was made with; run \`flexflow-sync plan --target … --out FILE\` instead`,
  );
}

/** `--max-delete-fraction` / `--max-update-fraction`: a share of the live flows, 0 to 1. */
function parseFraction(flag: string, verb: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UserInputError(
      `${flag} must be a number from 0 to 1 (0.5 allows ${verb} half the live resources of a kind), not ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** The safety overrides the flags give, checked. */
export function parseSafetyOverrides(flags: PlanInputFlags): SafetyOverrides {
  const maxDeleteFraction = parseFraction('--max-delete-fraction', 'deleting', flags.maxDeleteFraction);
  const maxUpdateFraction = parseFraction('--max-update-fraction', 'updating', flags.maxUpdateFraction);
  return {
    ...(maxDeleteFraction === undefined ? {} : { maxDeleteFraction }),
    ...(maxUpdateFraction === undefined ? {} : { maxUpdateFraction }),
  };
}

export function desiredOptions(flags: PlanInputFlags, io: Io): LoadDesiredOptions {
  return {
    dir: flags.dir,
    io,
    ...(flags.varFile === undefined ? {} : { varFile: flags.varFile }),
  };
}

/** The live resources of each of `kinds`, listed in parallel; a listing already started may be passed in. */
export async function listLive(
  apiFor: ConnectedApi['apiFor'],
  kinds: readonly KindName[],
  started: Partial<Record<KindName, Promise<LiveByKind[KindName]>>> = {},
): Promise<LiveByKind> {
  const lists = await Promise.all(kinds.map(async (kind) => [kind, await (started[kind] ?? apiFor(kind).list())] as const));
  return Object.fromEntries(lists);
}

/** The kinds `kinds` succeed that they do not cover: read too, only to see which addresses they still hold (plan/addressClaims.ts). */
export function neighboursOf(kinds: readonly KindName[]): KindName[] {
  return [...new Set(kinds.flatMap((kind) => kindNamed(kind).replaces ?? []))].filter((kind) => !kinds.includes(kind));
}

/**
 * Reads the files, lists the live resources of the kinds they declare and diffs them; says why the
 * safety rails refuse the plan, if they do. The default kind's listing starts while the files load
 * (neither needs the other, and most folders declare flows); invalid files, or files that declare
 * no flow, drop it. The plan records the account and host the client talks to (`target`).
 */
export async function planFromFiles(
  flags: PlanInputFlags,
  io: Io,
  { apiFor, target, connection }: Pick<ConnectedApi, 'apiFor' | 'target' | 'connection'> & { readonly target: PlanTarget },
  settings: Settings,
  overrides: SafetyOverrides,
): Promise<{ plan: Plan; refusals: readonly string[]; notes: readonly string[] }> {
  const dropped = new AbortController();
  const early = apiFor(DEFAULT_KIND).list({ signal: dropped.signal });
  early.catch(() => undefined);
  const desired = await loadDesiredState({ ...desiredOptions(flags, io), settings }).catch((error: unknown) => {
    dropped.abort();
    throw error;
  });
  const kinds = plannedKinds(desired.resources);
  const neighbourKinds = neighboursOf(kinds);
  if (!kinds.includes(DEFAULT_KIND) && !neighbourKinds.includes(DEFAULT_KIND)) dropped.abort();
  // Names become SIDs before the diff, which compares SIDs only (issue 20).
  const { resources, names } = await resolveDesiredNames(desired.resources, connection, io).catch((error: unknown) => {
    dropped.abort();
    throw error;
  });
  const [live, neighbours] = await Promise.all([
    listLive(apiFor, kinds, { [DEFAULT_KIND]: early }),
    listLive(apiFor, neighbourKinds, { [DEFAULT_KIND]: early }),
  ]);
  const { plan, refusals } = makePlan({ desired: resources, live, neighbours, settings, overrides, targets: flags.target ?? [] });
  const notes = inertMigrations(resources, { ...neighbours, ...live }).map((note) => `${formatPosition(note)}: ${note.message}`);
  return { plan: { ...plan, target, ...(names.length === 0 ? {} : { names }) }, refusals, notes };
}

/** Notes of a plan (they change nothing, nor the exit status): one `note:` line each on stderr. */
export function printNotes(notes: readonly string[], io: Io): void {
  for (const note of notes) io.stderr.write(`note: ${note}\n`);
}
