/**
 * How plan and show print a plan, chosen once by `--format` (as Terraform's `views.NewPlan(viewType)`):
 * the commands hand the view a plan and never ask which format it has.
 */
import { formatPlanFile, formatSavedPlanFile } from '../plan/planFile.js';
import type { Plan } from '../plan/types.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import { type Io, useColor } from './io.js';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanView {
  /**
   * A plan just made; `refusals`: why the safety rails refuse it, `notes`: what plan also said on stderr;
   * `planFile`: its formatPlanFile text when already made (`--out`), so that both hold the same salt.
   */
  plan(plan: Plan, refusals: readonly string[], notes: readonly string[], planFile?: string): void;
  /** A saved plan (`show`): `text` is the file as read, `plan` what parsePlanFile checked of it. */
  saved(plan: Plan, text: string): void;
}

/** A view that shows a saved plan as it shows a new one, with nothing refused and no note. */
function rendering(out: Io['stdout'], render: (plan: Plan, refusals: readonly string[], notes: readonly string[]) => string): PlanView {
  return {
    plan: (plan, refusals, notes) => void out.write(render(plan, refusals, notes)),
    saved: (plan) => void out.write(render(plan, [], [])),
  };
}

const VIEWS: Readonly<Record<PlanFormat, (io: Io, colorFlag: boolean) => PlanView>> = {
  text: (io, colorFlag) => {
    const color = useColor(io, 'stdout', colorFlag);
    return rendering(io.stdout, (plan, refusals) => renderText(plan, { color, refusals }));
  },
  markdown: (io) => rendering(io.stdout, (plan, refusals, notes) => renderMarkdown(plan, { refusals, notes })),
  /** The plan file's own format, for a machine: what `plan --out` saves and `apply PLANFILE` reads. */
  json: (io) => ({
    // A refused plan is never written in the form apply reads: the refusal on stderr and the exit status say why.
    plan: (plan, refusals, _notes, planFile) => {
      if (refusals.length === 0) io.stdout.write(planFile ?? formatPlanFile(plan));
    },
    // The saved document itself, as checked: a plan file holds no secret, and a hand-edited URL loses its credentials here.
    saved: (_plan, text) => void io.stdout.write(formatSavedPlanFile(text)),
  }),
};

export function planView(format: PlanFormat, io: Io, colorFlag: boolean): PlanView {
  return VIEWS[format](io, colorFlag);
}
