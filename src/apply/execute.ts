import pLimit from 'p-limit';
import { OutcomeUnknownError } from '../api/errors.js';
import type { FlexFlowsApi } from '../api/types.js';
import { FlexFlowSyncError, TwilioApiError, redactUrlCredentials } from '../errors.js';
import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS, type FlexFlow, type FlowFields } from '../model/flexFlow.js';
import { valuesEqual } from '../plan/normalize.js';
import type { CreateChange, Plan } from '../plan/types.js';
import {
  APPLY_REPORT_FORMAT_VERSION,
  type ApplyReport,
  type ChangeFailure,
  type ChangeResult,
  type ExecutableChange,
  isExecutable,
  summarize,
} from './report.js';

export interface ApplyOptions {
  /** Flows worked on at once (the client also caps requests in flight). Default 10. */
  readonly concurrency?: number;
  /** Creates whose outcome stays unknown are looked up and tried again at most this often. Default 8. */
  readonly maxCreateRounds?: number;
  readonly onStart?: (change: ExecutableChange) => void;
  readonly onDone?: (result: ChangeResult) => void;
}

export const APPLY_DEFAULTS = Object.freeze({ concurrency: 10, maxCreateRounds: 8 });

function toFailure(error: unknown): ChangeFailure {
  if (error instanceof TwilioApiError) {
    return {
      code: error.code,
      message: redactUrlCredentials(error.message),
      http_status: error.status,
      ...(error.twilioCode === undefined ? {} : { twilio_code: error.twilioCode }),
    };
  }
  if (error instanceof FlexFlowSyncError) return { code: error.code, message: redactUrlCredentials(error.message) };
  // A bug rather than an answer; still recorded so that the other flows go on.
  return { code: 'E_INTERNAL', message: redactUrlCredentials(error instanceof Error ? error.message : String(error)) };
}

/** Whether the live flow already carries every declared field (as the diff compares them). */
function matchesDeclared(flow: FlexFlow, declared: FlowFields): boolean {
  for (const spec of TOP_LEVEL_FIELDS) {
    if (!Object.hasOwn(declared, spec.name) || spec.name === 'friendly_name') continue;
    const live = (flow as unknown as Record<string, unknown>)[spec.name];
    if (!valuesEqual(spec, live, declared[spec.name as keyof FlowFields])) return false;
  }
  const integration = declared.integration;
  if (integration === undefined || integration === null) return true;
  const liveIntegration = (flow.integration ?? {}) as Record<string, unknown>;
  return INTEGRATION_FIELDS.every(
    (spec) => !Object.hasOwn(integration, spec.name) || valuesEqual(spec, liveIntegration[spec.name], integration[spec.name as keyof typeof integration]),
  );
}

/**
 * A create that never duplicates: when its outcome is unknown, the flow is looked up by name and
 * adopted if an earlier attempt made it (then brought to the declared fields); only when the name
 * is still free is it created again.
 */
async function createOnce(api: FlexFlowsApi, change: CreateChange, maxRounds: number): Promise<{ sid: string; adopted: boolean }> {
  for (let round = 1; ; round += 1) {
    try {
      const flow = await api.create(change.after);
      return { sid: flow.sid, adopted: false };
    } catch (error) {
      if (!(error instanceof OutcomeUnknownError) || round >= maxRounds) throw error;
    }
    const found = (await api.list({ friendlyName: change.friendly_name })).filter(
      (flow) => flow.friendly_name === change.friendly_name,
    );
    if (found.length > 1) {
      const sids = found.map((flow) => flow.sid).sort().join(', ');
      throw new FlexFlowSyncError('E_DUPLICATE', `flow ${JSON.stringify(change.friendly_name)} now exists more than once (${sids}); delete the extra ones`);
    }
    const [existing] = found;
    if (existing !== undefined) {
      if (!matchesDeclared(existing, change.after)) await api.update(existing.sid, change.after);
      return { sid: existing.sid, adopted: true };
    }
  }
}

async function executeOne(api: FlexFlowsApi, change: ExecutableChange, maxCreateRounds: number): Promise<ChangeResult> {
  const common = { action: change.action, friendly_name: change.friendly_name };
  try {
    switch (change.action) {
      case 'create': {
        const { sid, adopted } = await createOnce(api, change, maxCreateRounds);
        return { ...common, status: 'applied', sid, ...(adopted ? { adopted } : {}) };
      }
      case 'update':
        await api.update(change.before.sid, change.send);
        return { ...common, status: 'applied', sid: change.before.sid };
      case 'delete':
        await api.remove(change.before.sid);
        return { ...common, status: 'applied', sid: change.before.sid };
    }
  } catch (error) {
    return { ...common, status: 'failed', ...(change.action === 'create' ? {} : { sid: change.before.sid }), error: toFailure(error) };
  }
}

/** Why the deletes were not sent: the writes that did not succeed, by name (a few, then a count). */
function deletesSkippedBecause(unfinished: readonly ExecutableChange[]): string {
  const shown = unfinished.slice(0, 3).map((change) => `the ${change.action} of ${JSON.stringify(change.friendly_name)}`);
  const more = unfinished.length > shown.length ? ` and ${unfinished.length - shown.length} more` : '';
  return `${shown.join(', ')}${more} did not succeed, and deletes run only after every create and update succeeded`;
}

function skipped(change: ExecutableChange, reason: string): ChangeResult {
  return { action: change.action, friendly_name: change.friendly_name, status: 'skipped', ...(change.action === 'create' ? {} : { sid: change.before.sid }), reason };
}

/**
 * Executes a plan: creates and updates first, at most `concurrency` at a time, then deletes, and
 * those only when every create and update succeeded: a rename written without `renamed_from` whose
 * create fails must not lose the old flow too. A failed flow is recorded and the other writes go on;
 * the report lists every change in plan order.
 */
export async function executePlan(plan: Plan, api: FlexFlowsApi, options: ApplyOptions = {}): Promise<ApplyReport> {
  const concurrency = options.concurrency ?? APPLY_DEFAULTS.concurrency;
  const maxCreateRounds = options.maxCreateRounds ?? APPLY_DEFAULTS.maxCreateRounds;
  const limit = pLimit(concurrency);
  const changes = plan.changes.filter(isExecutable);
  const results = new Map<ExecutableChange, ChangeResult>();
  const record = (change: ExecutableChange, result: ChangeResult): void => {
    results.set(change, result);
    options.onDone?.(result);
  };
  const run = (change: ExecutableChange) =>
    limit(async () => {
      options.onStart?.(change);
      record(change, await executeOne(api, change, maxCreateRounds));
    });
  const writes = changes.filter((change) => change.action !== 'delete');
  const deletes = changes.filter((change) => change.action === 'delete');
  await Promise.all(writes.map(run));
  const unfinished = writes.filter((change) => results.get(change)?.status !== 'applied');
  if (unfinished.length === 0) await Promise.all(deletes.map(run));
  else for (const change of deletes) record(change, skipped(change, deletesSkippedBecause(unfinished)));
  const ordered = changes.map((change) => results.get(change) as ChangeResult);
  return { format_version: APPLY_REPORT_FORMAT_VERSION, summary: summarize(ordered), results: ordered };
}
