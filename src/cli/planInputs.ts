import type { Command } from 'commander';
import type { FlexFlowsApi } from '../api/types.js';
import type { Settings } from '../settings/types.js';
import { UserInputError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import type { Io } from './io.js';
import { computePlan, loadDesiredState, type LoadDesiredOptions } from './pipeline.js';

/** The flags plan and apply share: where the declared flows are, which account, what may be deleted, and colour. */
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
}

export const PROFILE_HELP = "twilio-cli profile for the account (default: TWILIO_* variables, else twilio-cli's active profile)";

/** Adds the PlanInputFlags options, so that plan and apply take them with the same names, defaults and help. */
export function addPlanInputOptions(command: Command): Command {
  return command
    .option('--dir <path>', 'flows folder', 'flows')
    .option('--config <file>', 'settings file: prune, ignore, protect, max_delete_fraction (default: flexflow-sync.yaml if present)')
    .option('--var-file <file>', 'values for ${NAME} placeholders')
    .option('--api-url <url>', 'Flex API base URL (default: Twilio, or FLEXFLOW_API_URL)')
    .option('--profile <name>', PROFILE_HELP)
    .option('--max-delete-fraction <n>', 'largest share of live flows one plan may delete (overrides the settings file)')
    .option('--no-color', 'no colour, whatever the terminal, FORCE_COLOR or TERM say');
}

/** `--max-delete-fraction`: a share of the live flows, 0 to 1. */
export function parseDeleteFraction(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UserInputError(`--max-delete-fraction must be a number from 0 to 1 (0.5 allows deleting half the live flows), not ${JSON.stringify(raw)}`);
  }
  return value;
}

export function desiredOptions(flags: PlanInputFlags, io: Io): LoadDesiredOptions {
  return {
    dir: flags.dir,
    io,
    ...(flags.config === undefined ? {} : { configPath: flags.config }),
    ...(flags.varFile === undefined ? {} : { varFile: flags.varFile }),
  };
}

/**
 * Reads the flow files, lists the live flows and diffs them, behind the safety rails. The listing
 * runs while the files load (neither needs the other); invalid files stop it and it is dropped.
 */
export async function planFromFiles(
  flags: PlanInputFlags,
  io: Io,
  api: FlexFlowsApi,
  settings: Settings,
  maxDeleteFraction: number | undefined,
): Promise<Plan> {
  const dropped = new AbortController();
  const listing = api.list({ signal: dropped.signal });
  listing.catch(() => undefined);
  const desired = await loadDesiredState({ ...desiredOptions(flags, io), settings }).catch((error: unknown) => {
    dropped.abort();
    throw error;
  });
  const { plan } = await computePlan({
    desired,
    settings,
    live: listing,
    ...(maxDeleteFraction === undefined ? {} : { maxDeleteFraction }),
  });
  return plan;
}
