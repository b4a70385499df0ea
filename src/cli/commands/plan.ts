import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { UserInputError } from '../../errors.js';
import { hasChanges } from '../../render/fields.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderText } from '../../render/text.js';
import type { Plan } from '../../plan/types.js';
import { useColor, type Io } from '../io.js';
import type { ExitStatus } from '../main.js';
import { reportPlanToGitHub } from '../github.js';
import { computePlan, connectApi, loadDesiredState } from '../pipeline.js';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

interface PlanFlags {
  dir: string;
  config?: string;
  varFile?: string;
  apiUrl?: string;
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
  maxDeleteFraction?: string;
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

export function renderPlan(plan: Plan, format: PlanFormat, io: Io): string {
  switch (format) {
    case 'text':
      return renderText(plan, { color: useColor(io) });
    case 'markdown':
      return renderMarkdown(plan);
    case 'json':
      return renderJson(plan);
  }
}

export const planCommand = (io: Io, exit: ExitStatus): Command =>
  new Command('plan')
    .description('Compare the flow files with the live flows and show what apply would change.')
    .option('--dir <path>', 'flows folder', 'flows')
    .option('--config <file>', 'settings file: prune, ignore, protect, max_delete_fraction (default: flexflow-sync.yaml if present)')
    .option('--var-file <file>', 'values for ${NAME} placeholders')
    .option('--api-url <url>', 'Flex API base URL (default: Twilio, or FLEXFLOW_API_URL)')
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('text'))
    .option('--out <file>', 'also save the plan as JSON, for `apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('--max-delete-fraction <n>', 'largest share of live flows one plan may delete (overrides the settings file)')
    .action(async (flags: PlanFlags) => {
      const maxDeleteFraction = parseDeleteFraction(flags.maxDeleteFraction);
      const desired = await loadDesiredState({
        dir: flags.dir,
        io,
        ...(flags.config === undefined ? {} : { configPath: flags.config }),
        ...(flags.varFile === undefined ? {} : { varFile: flags.varFile }),
      });
      const { plan } = await computePlan({
        desired,
        settings: desired.settings,
        api: connectApi(io, flags.apiUrl),
        ...(maxDeleteFraction === undefined ? {} : { maxDeleteFraction }),
      });
      if (flags.out !== undefined) {
        const path = resolve(io.cwd, flags.out);
        await writeFileAtomic(path, renderJson(plan));
        io.stderr.write(`Saved the plan to ${flags.out}; run \`flexflow-sync apply ${flags.out}\` to apply exactly this plan.\n`);
      }
      io.stdout.write(renderPlan(plan, flags.format, io));
      await reportPlanToGitHub(plan, { planFile: flags.out }, io);
      exit.code = flags.detailedExitcode && hasChanges(plan) ? 2 : 0;
    });
