import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { UserInputError } from '../../errors.js';
import { existingRegularFiles } from '../../writeFiles.js';
import { hasChanges } from '../../render/fields.js';
import { formatPlanFile } from '../../plan/planFile.js';
import type { Io } from '../io.js';
import { PLAN_FORMATS, type PlanFormat, planView } from '../planView.js';
import { type ExitStatus, describedCommand } from './command.js';
import { reportPlanToGitHub } from '../github.js';
import { connectApi } from '../connect.js';
import { loadSettingsFor } from '../pipeline.js';
import { refusalError } from '../../plan/safety.js';
import { addPlanInputOptions, parseSafetyOverrides, planFromFiles, type PlanInputFlags, printNotes } from '../planInputs.js';

interface PlanFlags extends PlanInputFlags {
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
}

export const planCommand = (io: Io, exit: ExitStatus): Command =>
  addPlanInputOptions(describedCommand('plan'))
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('text'))
    .option('--out <file>', 'also save the plan as JSON, for `apply <file>`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .action(async (flags: PlanFlags) => {
      const overrides = parseSafetyOverrides(flags);
      const view = planView(flags.format, io, flags.color);
      const settings = await loadSettingsFor(io, flags.config, flags.dir);
      const connected = await connectApi(io, flags, { rateLimits: settings.rateLimits });
      const { plan, refusals, notes } = await planFromFiles(flags, io, connected, settings, overrides);
      printNotes(notes, io);
      // A refused plan is shown, for review (octoDNS prints the plan, then raises), but never saved to be applied.
      const refused = refusals.length > 0;
      const out = flags.out;
      // Formatted once: each formatting draws its own redaction salt, and --out and stdout must be one document.
      const planFile = out !== undefined && !refused ? formatPlanFile(plan) : undefined;
      if (out !== undefined && planFile !== undefined) {
        const path = resolve(io.cwd, out);
        await existingRegularFiles([path], () => out);
        await writeFileAtomic(path, planFile).catch((error: NodeJS.ErrnoException) => {
          // write-file-atomic names its temporary file; the user named only --out and its folder.
          if (error.code === 'ENOENT')
            throw new UserInputError(`--out ${out}: the folder ${dirname(out)} does not exist; create it, or save the plan elsewhere`);
          if (error.code === 'EACCES' || error.code === 'EPERM')
            throw new UserInputError(`--out ${out}: no permission to write in ${dirname(out)}`);
          throw error;
        });
        io.stderr.write(`Saved the plan to ${out}; run \`flexflow-sync apply ${out}\` to apply exactly this plan.\n`);
      }
      view.plan(plan, refusals, notes, planFile);
      await reportPlanToGitHub(plan, { planFile: refused ? undefined : flags.out, refusals, notes }, io);
      if (refused) throw refusalError(refusals);
      exit.code = flags.detailedExitcode && hasChanges(plan) ? 2 : 0;
    });
