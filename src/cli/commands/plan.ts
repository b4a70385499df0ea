import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { existingRegularFiles } from '../../export/write.js';
import { hasChanges } from '../../render/fields.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderText } from '../../render/text.js';
import type { Plan } from '../../plan/types.js';
import { useColor, type Io } from '../io.js';
import { type ExitStatus, describedCommand } from './command.js';
import { reportPlanToGitHub } from '../github.js';
import { connectApi } from '../connect.js';
import { loadSettingsFor } from '../pipeline.js';
import { addPlanInputOptions, parseDeleteFraction, planFromFiles, type PlanInputFlags } from '../planInputs.js';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

interface PlanFlags extends PlanInputFlags {
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
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
  addPlanInputOptions(describedCommand('plan'))
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('text'))
    .option('--out <file>', 'also save the plan as JSON, for `apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .action(async (flags: PlanFlags) => {
      const maxDeleteFraction = parseDeleteFraction(flags.maxDeleteFraction);
      const settings = await loadSettingsFor(io, flags.config);
      const api = connectApi(io, flags.apiUrl, { rateLimits: settings.rateLimits });
      const plan = await planFromFiles(flags, io, api, settings, maxDeleteFraction);
      const out = flags.out;
      if (out !== undefined) {
        const path = resolve(io.cwd, out);
        await existingRegularFiles([path], () => out);
        await writeFileAtomic(path, renderJson(plan));
        io.stderr.write(`Saved the plan to ${out}; run \`flexflow-sync apply ${out}\` to apply exactly this plan.\n`);
      }
      io.stdout.write(renderPlan(plan, flags.format, io));
      await reportPlanToGitHub(plan, { planFile: flags.out }, io);
      exit.code = flags.detailedExitcode && hasChanges(plan) ? 2 : 0;
    });
