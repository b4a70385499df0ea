import pLimit, { type LimitFunction } from 'p-limit';
import type { ResourceApi } from '../api/types.js';
import { FlexFlowSyncError, TwilioApiError } from '../errors.js';
import { redactUrlCredentials } from '../redactUrl.js';
import type { KindName, LiveResource, ResourceFields } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
import { creatableFields, matchesDeclared, replacementFields } from '../plan/diff.js';
import { describeRef } from '../plan/describe.js';
import type { IdentityMove } from '../plan/identity.js';
import { liveToFields } from '../plan/normalize.js';
import { redactDeep } from '../plan/redact.js';
import type { CreateChange, DeleteChange, Plan, ReplaceChange, ResourceRef, UpdateChange } from '../plan/types.js';
import {
  APPLY_REPORT_FORMAT_VERSION,
  type ApplyReport,
  type ChangeFailure,
  type ChangeResult,
  type ExecutableChange,
  isExecutable,
  summarize,
} from './report.js';
import { ADOPTED_REASON, type CreateOrigin, createOnce } from './create.js';
import { handRestoreHint } from './handRestore.js';
import { type CopyDecision, type CreatedResource, decideCopies } from './heal.js';
import { applyOrder } from './order.js';
import { revertUpdate } from './restore.js';
import type { Exposure } from './exposure.js';

export interface ApplyOptions {
  /** Told of every resource deleted and not yet created again, for a process that must exit at once. */
  readonly exposure?: Exposure;
  /** Flows of each action worked on at once (the client caps requests in flight). Default 10. */
  readonly concurrency?: number;
  /**
   * Migrations (a flow deleted, then its address configuration created) run at once, each still
   * within `concurrency` and the client's pacing. Default 1: a failure then touches one number.
   */
  readonly migrateConcurrency?: number;
  /** Creates whose outcome stays unknown are looked up and tried again at most this often. Default 8. */
  readonly maxCreateRounds?: number;
  readonly onStart?: (change: ExecutableChange) => void;
  readonly onDone?: (result: ChangeResult) => void;
  /**
   * Aborted on an interrupt: no new change is started (a contact identity already freed is still
   * taken or put back), and apply waits at most `interruptGraceMs` for the requests in flight.
   */
  readonly signal?: AbortSignal;
  /** How long an interrupted apply waits for the requests in flight, ms. Default 30000. */
  readonly interruptGraceMs?: number;
  /**
   * How long apply waits after its creates before listing again for copies a concurrent apply made
   * (see heal.ts), ms; more than Twilio's one-second `date_created` resolution. Default 1500.
   */
  readonly createSettleMs?: number;
  /** Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const APPLY_DEFAULTS = Object.freeze({
  concurrency: 10,
  migrateConcurrency: 1,
  maxCreateRounds: 8,
  interruptGraceMs: 30_000,
  createSettleMs: 1_500,
});

const INTERRUPTED = 'apply was interrupted before it was sent';

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

function refOf(change: ExecutableChange): { action: ExecutableChange['action'] } & ResourceRef {
  return { action: change.action, kind: change.kind, key: change.key };
}

function failed(change: ExecutableChange, error: unknown): ChangeResult {
  return { ...refOf(change), status: 'failed', ...sidOf(change), error: toFailure(error) };
}

function skipped(change: ExecutableChange, reason: string): ChangeResult {
  return { ...refOf(change), status: 'skipped', ...sidOf(change), reason };
}

function sidOf(change: ExecutableChange): { sid?: string } {
  return change.action === 'create' ? {} : { sid: change.before.sid };
}

/** Names the writes that did not succeed: a few, then a count. */
function describeChanges(changes: readonly ExecutableChange[]): string {
  const shown = changes.slice(0, 3).map((change) => `the ${change.action} of ${describeRef(change)}`);
  return `${shown.join(', ')}${changes.length > shown.length ? ` and ${changes.length - shown.length} more` : ''}`;
}

/** One executor per plan: the concurrency limits, the results, and the steps that share them. */
class Execution {
  readonly results = new Map<ExecutableChange, ChangeResult>();
  /** Each half of a migration, by the other half. */
  private readonly partners = new Map<ExecutableChange, ExecutableChange>();
  private readonly started = new Set<ExecutableChange>();
  /** Where each applied create's flow came from, for the heal step. */
  private readonly origins = new Map<ExecutableChange, CreateOrigin>();
  private closed = false;
  /** One pool per endpoint Twilio limits apart: a wait for one budget never holds another's slot. */
  private readonly limits: Readonly<Record<ExecutableChange['action'] | 'read', LimitFunction>>;
  private readonly maxCreateRounds: number;

  constructor(
    private readonly apis: ReadonlyMap<KindName, ResourceApi>,
    private readonly options: ApplyOptions,
    changes: readonly ExecutableChange[],
  ) {
    for (const change of changes) {
      if (change.action !== 'delete' || change.migrated_to === undefined) continue;
      const to = changes.find(
        (other) => other.action === 'create' && other.key === change.migrated_to && kindNamed(other.kind).replaces === change.kind,
      );
      if (to !== undefined) this.partners.set(change, to).set(to, change);
    }
    const concurrency = options.concurrency ?? APPLY_DEFAULTS.concurrency;
    this.limits = {
      create: pLimit(concurrency),
      update: pLimit(concurrency),
      replace: pLimit(concurrency),
      delete: pLimit(concurrency),
      read: pLimit(concurrency),
    };
    this.maxCreateRounds = options.maxCreateRounds ?? APPLY_DEFAULTS.maxCreateRounds;
  }

  private api(kind: KindName): ResourceApi {
    const api = this.apis.get(kind);
    if (api === undefined) throw new Error(`apply: no client for ${kindNamed(kind).nounPlural}`);
    return api;
  }

  get interrupted(): boolean {
    return this.options.signal?.aborted === true;
  }

  record(change: ExecutableChange, result: ChangeResult): void {
    // An answer that comes after an interrupted apply stopped waiting is not reported as if in time.
    if (this.closed) return;
    const annotated = this.annotate(change, result);
    this.results.set(change, annotated);
    this.options.onDone?.(annotated);
  }

  /**
   * A migration's halves name each other; the flow's delete, recorded last, gives the address
   * configuration's SID once both are applied, so its one line can say the pair migrated.
   */
  private annotate(change: ExecutableChange, result: ChangeResult): ChangeResult {
    const partner = this.partners.get(change);
    if (partner === undefined) return result;
    if (change.action === 'create') return { ...result, migrated_from: partner.key };
    const created = this.results.get(partner);
    const done = result.status === 'applied' && created?.status === 'applied' && created.sid !== undefined;
    return { ...result, migrated_to: partner.key, ...(done ? { migrated_to_sid: created.sid } : {}) };
  }

  /** One change, within the concurrency limit; its result is not recorded yet. Not sent once interrupted. */
  step(change: ExecutableChange, evenIfInterrupted = false): Promise<ChangeResult> {
    return this.limits[change.action](async () => {
      if (this.interrupted && !evenIfInterrupted) return skipped(change, INTERRUPTED);
      this.started.add(change);
      this.options.onStart?.(change);
      return this.execute(change);
    });
  }

  private async execute(change: ExecutableChange): Promise<ChangeResult> {
    const common = refOf(change);
    const api = this.api(change.kind);
    try {
      switch (change.action) {
        case 'create': {
          const { sid, origin } = await createOnce(api, change.key, change.after, this.maxCreateRounds);
          this.origins.set(change, origin);
          return { ...common, status: 'applied', sid, ...(origin === 'made' ? {} : { adopted: true, reason: ADOPTED_REASON[origin] }) };
        }
        case 'update':
          await api.update(change.before.sid, change.send);
          return { ...common, status: 'applied', sid: change.before.sid };
        case 'replace':
          return await this.replaceResource(api, change);
        case 'delete':
          await api.remove(change.before.sid);
          return { ...common, status: 'applied', sid: change.before.sid };
      }
    } catch (error) {
      return failed(change, error);
    }
  }

  /**
   * Deletes, then creates (the key is unique, so the new resource cannot exist first). The live
   * resource is read just before the delete: it is what a failed create puts back, and what the
   * create keeps of the fields the file does not manage, in full (a saved plan's snapshot holds
   * redacted credentials). When the create fails, the old resource is re-created (with a new SID);
   * when that fails too, the report gives the exact fields to restore by hand.
   */
  private async replaceResource(api: ResourceApi, change: ReplaceChange): Promise<ChangeResult> {
    const { kind } = api;
    const old = await api.fetch(change.before.sid);
    const oldFields = creatableFields(kind, liveToFields(kind, old));
    await api.remove(change.before.sid);
    this.options.exposure?.deleted(kind, change.key, change.before.sid, oldFields);
    try {
      return await this.recreate(api, change, oldFields);
    } finally {
      this.options.exposure?.settled(change.before.sid);
    }
  }

  /** The second half of a replacement: the new resource, else the old one again, else the fields to restore by hand. */
  private async recreate(api: ResourceApi, change: ReplaceChange, oldFields: ResourceFields): Promise<ChangeResult> {
    const common = { ...refOf(change), sid: change.before.sid };
    const { kind } = api;
    let createError: unknown;
    try {
      const { sid } = await createOnce(api, change.key, replacementFields(kind, change.after, oldFields), this.maxCreateRounds);
      return { ...common, status: 'applied', sid, replaced_sid: change.before.sid };
    } catch (error) {
      createError = error;
    }
    const failure = toFailure(createError);
    const deleted = `deleted ${change.before.sid} to replace it, then the create failed (${failure.message})`;
    try {
      const { sid } = await createOnce(api, change.key, oldFields, this.maxCreateRounds);
      const message = `${deleted}; the old ${kind.noun} was re-created as ${sid} (a new SID: update anything that refers to ${change.before.sid})`;
      return { ...common, status: 'failed', restored_sid: sid, error: { ...failure, message } };
    } catch (error) {
      const message = `${deleted}, and re-creating the old ${kind.noun} failed too (${toFailure(error).message}); ${handRestoreHint(kind, oldFields)}`;
      return { ...common, status: 'failed', left_deleted: true, restore_fields: redactDeep(oldFields), error: { ...failure, message } };
    }
  }

  /**
   * The report of every change: those without an answer yet (an interrupted apply that stopped
   * waiting) are `unknown` when sent, `skipped` when not. Later answers are dropped.
   */
  close(changes: readonly ExecutableChange[]): ChangeResult[] {
    this.closed = true;
    return changes.map(
      (change) =>
        this.results.get(change) ??
        (this.started.has(change)
          ? { ...skipped(change, 'no answer came before apply stopped waiting after the interrupt'), status: 'unknown' }
          : skipped(change, INTERRUPTED)),
    );
  }

  async run(change: ExecutableChange): Promise<void> {
    this.record(change, await this.step(change));
  }

  /**
   * After the creates: waits for the settle delay, lists, and deletes the copies of its own creates
   * that a concurrent apply made redundant (heal.ts). A copy this run may not delete is reported as
   * a failure of its create; a list that fails leaves every create unverified, also a failure.
   */
  async heal(changes: readonly ExecutableChange[]): Promise<void> {
    const created = changes.flatMap((change) => {
      const result = this.results.get(change);
      const origin = this.origins.get(change);
      return change.action === 'create' && result?.status === 'applied' && result.sid !== undefined && origin !== undefined
        ? [{ change, result, flow: { key: change.key, sid: result.sid, origin } }]
        : [];
    });
    if (created.length === 0 || this.interrupted) return;
    await (this.options.sleep ?? delay)(this.options.createSettleMs ?? APPLY_DEFAULTS.createSettleMs);
    // Interrupted while settling: no new request, even to heal (a later plan names any duplicate).
    if (this.interrupted) return;
    const kinds = [...new Set(created.map(({ change }) => change.kind))];
    await Promise.all(
      kinds.map((kind) =>
        this.healKind(
          kind,
          created.filter(({ change }) => change.kind === kind),
        ),
      ),
    );
  }

  private async healKind(
    kind: KindName,
    created: readonly { change: ExecutableChange; result: ChangeResult; flow: CreatedResource }[],
  ): Promise<void> {
    let live: LiveResource[];
    try {
      live = await this.limits.read(() => this.api(kind).list());
    } catch (error) {
      const failure = toFailure(error);
      for (const { change, result } of created) {
        this.revise(change, {
          ...result,
          status: 'failed',
          error: { ...failure, message: `created, but the check for copies made by a concurrent apply failed: ${failure.message}` },
        });
      }
      return;
    }
    const decisions = decideCopies(
      kindNamed(kind),
      created.map(({ flow }) => flow),
      live,
    );
    await Promise.all(
      created.map(({ change, result }, index) => this.resolveCopies(change as CreateChange, result, decisions[index] as CopyDecision)),
    );
  }

  /** Carries out one heal decision and revises the create's result to say what became of it. */
  private async resolveCopies(change: CreateChange, result: ChangeResult, decision: CopyDecision): Promise<void> {
    if (decision.kind === 'keep') return;
    if (decision.kind === 'unresolved') {
      this.revise(change, { ...result, status: 'failed', error: { code: 'E_DUPLICATE', message: decision.message } });
      return;
    }
    const own = result.sid as string;
    if (decision.kind === 'delete-own') {
      try {
        await this.limits.delete(() => this.api(change.kind).remove(own));
      } catch (error) {
        const failure = toFailure(error);
        const message = `a concurrent apply created ${JSON.stringify(change.key)} too, and this run's copy ${own} could not be deleted: ${failure.message}`;
        this.revise(change, { ...result, status: 'failed', error: { ...failure, message } });
        return;
      }
    }
    const healed: ChangeResult = {
      ...result,
      sid: decision.keeper.sid,
      ...(decision.kind === 'delete-own' ? { duplicate_removed: own } : {}),
    };
    if (matchesDeclared(kindNamed(change.kind), decision.keeper, change.after)) {
      this.revise(change, healed);
      return;
    }
    const deleted = decision.kind === 'delete-own' ? `, and this run deleted its own copy ${own}` : '';
    const message = `a concurrent apply created ${decision.keeper.sid} with other fields than this run declares${deleted}; run plan again`;
    this.revise(change, { ...healed, status: 'failed', error: { code: 'E_CONCURRENT', message } });
  }

  /** A result revised after it was reported (the heal step): the final report carries it, progress is not told twice. */
  private revise(change: ExecutableChange, result: ChangeResult): void {
    if (!this.closed) this.results.set(change, this.annotate(change, result));
  }

  /**
   * Frees the identity, then takes it; when the taking change fails, the freeing one is undone (a
   * deleted flow re-created from the live state read just before, an update reverted), so the
   * contact identity is never left without its flow. A flow re-created this way has a new SID.
   */
  async move({ identity, from, to }: IdentityMove): Promise<void> {
    let before: LiveResource | undefined;
    try {
      // Read live, not from the plan: a saved plan's snapshot holds redacted webhook credentials.
      before = await this.limits.read(async () => (this.interrupted ? undefined : this.api(from.kind).fetch(from.before.sid)));
    } catch (error) {
      this.record(from, failed(from, error));
      this.record(
        to,
        skipped(to, `contact identity ${JSON.stringify(identity)} is still held by ${JSON.stringify(from.key)}, which could not be read`),
      );
      return;
    }
    if (before === undefined) {
      this.record(from, skipped(from, INTERRUPTED));
      this.record(to, skipped(to, INTERRUPTED));
      return;
    }
    const freed = await this.step(from);
    if (freed.status !== 'applied') {
      this.record(from, freed);
      this.record(
        to,
        skipped(
          to,
          `contact identity ${JSON.stringify(identity)} is still held by ${JSON.stringify(from.key)}, whose ${from.action} did not succeed`,
        ),
      );
      return;
    }
    const fromKind = this.api(from.kind).kind;
    if (from.action === 'delete')
      this.options.exposure?.deleted(fromKind, from.key, from.before.sid, creatableFields(fromKind, liveToFields(fromKind, before)));
    try {
      // Once the identity is free the move completes either way: stopping here would leave it without its flow.
      const taken = await this.step(to, true);
      this.record(to, taken);
      const why =
        from.action === 'delete' && from.migrated_to !== undefined
          ? `${describeRef(to)}, which it migrates to, could not be created`
          : `the ${to.action} of ${JSON.stringify(to.key)}, which took its contact identity, failed`;
      this.record(from, taken.status === 'applied' ? freed : await this.restore(from, before, why));
    } finally {
      this.options.exposure?.settled(from.before.sid);
    }
  }

  private async restore(change: DeleteChange | UpdateChange, before: LiveResource, why: string): Promise<ChangeResult> {
    const common = { ...refOf(change), sid: change.before.sid };
    const api = this.api(change.kind);
    const fields = creatableFields(api.kind, liveToFields(api.kind, before));
    try {
      if (change.action === 'delete') {
        const { sid } = await this.limits.create(() => createOnce(api, change.key, fields, this.maxCreateRounds));
        return {
          ...common,
          status: 'restored',
          restored_sid: sid,
          reason: `deleted, then re-created as ${sid} (a new SID) because ${why}`,
        };
      }
      await this.limits.update(() => api.update(change.before.sid, revertUpdate(api.kind, before, change.send)));
      return { ...common, status: 'restored', reason: `updated, then reverted because ${why}` };
    } catch (error) {
      const failure = toFailure(error);
      const message = `${change.action}d to free its contact identity, then could not be ${change.action === 'delete' ? 're-created' : 'reverted'} after ${why}: ${failure.message}`;
      if (change.action === 'update') return { ...common, status: 'failed', error: { ...failure, message } };
      // Gone from the account: the person must put it back, and needs every field to.
      return {
        ...common,
        status: 'failed',
        left_deleted: true,
        restore_fields: redactDeep(fields),
        error: { ...failure, message: `${message}; ${handRestoreHint(api.kind, fields)}` },
      };
    }
  }
}

/**
 * Executes a plan. First the writes, each action at most `concurrency` flows at a time (Twilio
 * limits each endpoint separately, so a create waiting for its budget must not hold the slot an
 * update could use): each contact identity that moves is freed, then taken (see Execution.move),
 * and the other creates and updates run beside them; migration pairs run `migrateConcurrency` at
 * a time. Then the deletes, and those only when every write succeeded: a rename written without
 * `renamed_from` whose create fails must not lose the old flow too. A failed flow is recorded and the
 * other writes go on; the report lists every change in plan order.
 */
export async function executePlan(plan: Plan, apis: readonly ResourceApi[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const changes = plan.changes.filter(isExecutable);
  const execution = new Execution(new Map(apis.map((api) => [api.kind.name, api])), options, changes);
  const { moves, writes, deletes } = applyOrder(changes);
  const migrations = pLimit(options.migrateConcurrency ?? APPLY_DEFAULTS.migrateConcurrency);
  const moveOf = (move: IdentityMove): Promise<void> => (isMigration(move) ? migrations(() => execution.move(move)) : execution.move(move));
  const work = (async () => {
    await Promise.all([...moves.map(moveOf), ...writes.map((change) => execution.run(change))]);
    await execution.heal(changes);
    const unfinished = changes.filter((change) => execution.results.has(change) && execution.results.get(change)?.status !== 'applied');
    if (unfinished.length === 0 || execution.interrupted) {
      await Promise.all(deletes.map((change) => execution.run(change)));
    } else {
      const reason = `${describeChanges(unfinished)} did not succeed, and deletes run only after every create and update succeeded`;
      for (const change of deletes) execution.record(change, skipped(change, reason));
    }
  })();
  await settleOrGiveUp(work, options.signal, options.interruptGraceMs ?? APPLY_DEFAULTS.interruptGraceMs);
  const ordered = execution.close(changes);
  return { format_version: APPLY_REPORT_FORMAT_VERSION, summary: summarize(ordered), results: ordered };
}

/** A migration's pair: the delete the plan marked `migrated_to`, and the create it frees the address for. */
function isMigration(move: IdentityMove): boolean {
  return move.from.action === 'delete' && move.from.migrated_to !== undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `work` does, or `graceMs` after `signal` aborts, whichever comes first. */
function settleOrGiveUp(work: Promise<void>, signal: AbortSignal | undefined, graceMs: number): Promise<void> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const giveUpLater = (): void => {
      timer = setTimeout(resolve, graceMs);
    };
    if (signal.aborted) giveUpLater();
    else signal.addEventListener('abort', giveUpLater, { once: true });
    work.then(
      () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', giveUpLater);
        resolve();
      },
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
