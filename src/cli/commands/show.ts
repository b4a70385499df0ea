import { type Command, Option } from 'commander';
import { parsePlanFile } from '../../plan/planFile.js';
import type { Io } from '../io.js';
import { describedCommand } from './command.js';
import { readPlanFile } from '../readPlanFile.js';
import { PLAN_FORMATS, type PlanFormat, planView } from '../planView.js';

interface ShowFlags {
  format: PlanFormat;
  color: boolean;
}

/**
 * `show PLANFILE` (Terraform's `show`): a saved plan as plan prints it, offline and without
 * credentials, for a reviewer or a later step of a pipeline. The file is checked as apply checks it.
 */
export function showCommand(io: Io): Command {
  return describedCommand('show')
    .argument('<PLANFILE>', 'a plan saved with `plan --out`')
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('text'))
    .option('--no-color', 'no colour, whatever the terminal, FORCE_COLOR or TERM say')
    .action(async (file: string, flags: ShowFlags) => {
      const text = await readPlanFile(file, io);
      const plan = parsePlanFile(text);
      if (plan.target !== undefined) io.stderr.write(`${file}: a plan for account ${plan.target.account_sid} at ${plan.target.api_host}\n`);
      planView(flags.format, io, flags.color).saved(plan, text);
    });
}
