import { sidPattern } from '../../model/field.js';
import { LOOKUP_TARGETS, TARGET_KINDS, type TargetKind } from '../../model/lookupTargets.js';
import { SeededRng, nextSid } from '../rng.js';
import type { StoredResource } from '../store.js';

/** One stored resource that flow files may name: a Studio flow, a service, a workspace or workflow. */
export interface LookupRecord extends StoredResource {
  readonly kind: TargetKind;
  readonly friendly_name: string;
  /** A workflow's workspace. */
  readonly parentSid: string | undefined;
  /** The other form parameters the create sent (`Status`, `Definition`, `Configuration`, ...), by parameter name. */
  readonly params: Readonly<Record<string, string>>;
}

/** Names to create at start and after each reset: the same names may be given twice (two matches). */
export interface LookupSeed {
  readonly studioFlows?: readonly string[];
  readonly chatServices?: readonly string[];
  readonly conversationsServices?: readonly string[];
  readonly workspaces?: readonly { readonly friendlyName: string; readonly workflows?: readonly string[] }[];
}

/** The lookup store as the state file keeps it (`lookups`, beside the kinds' `stores`). */
export interface LookupSnapshot {
  readonly next_seq: number;
  readonly sid_rng_state: number;
  readonly resources: readonly LookupRecord[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a saved lookup store (`lookups` in the state file), or undefined. */
export function lookupSnapshotProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return 'lookups is not an object';
  if (!Number.isInteger(data.next_seq) || !Number.isInteger(data.sid_rng_state))
    return 'lookups.next_seq and lookups.sid_rng_state must be integers';
  if (!Array.isArray(data.resources)) return 'lookups.resources is not a list';
  for (const [index, record] of data.resources.entries()) {
    const where = `lookups.resources[${index}]`;
    if (!isRecord(record) || !(TARGET_KINDS as readonly unknown[]).includes(record.kind))
      return `${where} has no kind of ${TARGET_KINDS.join(', ')}`;
    const kind = record.kind as TargetKind;
    if (typeof record.sid !== 'string' || !sidPattern(LOOKUP_TARGETS[kind].sidPrefix).test(record.sid)) return `${where} has no valid sid`;
    if (!Number.isInteger(record.seq) || typeof record.friendly_name !== 'string')
      return `${where} (${record.sid}) lacks seq or friendly_name`;
    if (typeof record.date_created !== 'string' || typeof record.date_updated !== 'string')
      return `${where} (${record.sid}) lacks its dates`;
    if (!isRecord(record.params) || !Object.values(record.params).every((value) => typeof value === 'string'))
      return `${where} (${record.sid}) has params that are not text`;
    const parent = record.parentSid;
    if (kind === 'workflow' ? typeof parent !== 'string' || !sidPattern('WS').test(parent) : parent !== undefined)
      return `${where} (${record.sid}) has a wrong parentSid`;
  }
  return undefined;
}

/** The resources' SIDs draw from a stream of their own, so seeding them does not shift the flows' SIDs. */
function lookupSeed(seed: number): number {
  return (seed ^ 0x5bd1e995) >>> 0;
}

/** A draft Studio flow with a trigger only: the smallest definition Studio takes. */
const EMPTY_STUDIO_DEFINITION = JSON.stringify({
  description: 'A New Flow',
  states: [{ name: 'Trigger', type: 'trigger', transitions: [], properties: {} }],
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
});
const EMPTY_WORKFLOW_CONFIGURATION = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: null } } });

/** What a seeded resource is created with beside its name (the create's required parameters). */
const SEED_PARAMS: Readonly<Record<TargetKind, Readonly<Record<string, string>>>> = {
  'studio-flow': { Status: 'draft', Definition: EMPTY_STUDIO_DEFINITION },
  'chat-service': {},
  'conversations-service': {},
  workspace: {},
  workflow: { Configuration: EMPTY_WORKFLOW_CONFIGURATION },
};

/** In-memory lookup resources in creation order, per collection (a workflow's: per workspace). Create, list and fetch only. */
export class LookupStore {
  private readonly collections = new Map<string, LookupRecord[]>();
  private readonly bySid = new Map<string, LookupRecord>();
  private nextSeq = 1;
  private rng: SeededRng;

  constructor(private readonly seed: number) {
    this.rng = new SeededRng(lookupSeed(seed));
  }

  get size(): number {
    return this.bySid.size;
  }

  /** The resources of `kind` (a workflow's: in workspace `parentSid`) in creation order. Do not mutate. */
  list(kind: TargetKind, parentSid?: string): readonly LookupRecord[] {
    return this.collections.get(collectionKey(kind, parentSid)) ?? [];
  }

  /** The resource of `kind` with this SID (case as stored), within `parentSid` for a workflow. */
  get(kind: TargetKind, sid: string, parentSid?: string): LookupRecord | undefined {
    const record = this.bySid.get(sid);
    return record?.kind === kind && record.parentSid === parentSid ? record : undefined;
  }

  create(
    kind: TargetKind,
    friendlyName: string,
    params: Readonly<Record<string, string>>,
    nowIso: string,
    parentSid?: string,
  ): LookupRecord {
    const prefix = LOOKUP_TARGETS[kind].sidPrefix;
    let sid = nextSid(this.rng, prefix);
    while (this.bySid.has(sid)) sid = nextSid(this.rng, prefix);
    const record: LookupRecord = {
      kind,
      sid,
      seq: this.nextSeq++,
      friendly_name: friendlyName,
      parentSid,
      date_created: nowIso,
      date_updated: nowIso,
      params,
    };
    this.add(record);
    return record;
  }

  /** Stores `record`, whose seq is above every stored one's (created or restored in order), so appending keeps creation order. */
  private add(record: LookupRecord): void {
    const key = collectionKey(record.kind, record.parentSid);
    const records = this.collections.get(key);
    if (records) records.push(record);
    else this.collections.set(key, [record]);
    this.bySid.set(record.sid, record);
  }

  /** Creates the seed's resources, as if each had been created over HTTP. */
  seedWith(seed: LookupSeed, nowIso: string): void {
    const each = (kind: TargetKind, names: readonly string[] | undefined, parentSid?: string): void => {
      for (const name of names ?? []) this.create(kind, name, SEED_PARAMS[kind], nowIso, parentSid);
    };
    each('studio-flow', seed.studioFlows);
    each('chat-service', seed.chatServices);
    each('conversations-service', seed.conversationsServices);
    for (const workspace of seed.workspaces ?? []) {
      const { sid } = this.create('workspace', workspace.friendlyName, SEED_PARAMS.workspace, nowIso);
      each('workflow', workspace.workflows, sid);
    }
  }

  snapshot(): LookupSnapshot {
    return { next_seq: this.nextSeq, sid_rng_state: this.rng.state, resources: [...this.bySid.values()].sort((a, b) => a.seq - b.seq) };
  }

  /** Back to a saved state (checked with lookupSnapshotProblem). */
  restore(snapshot: LookupSnapshot): void {
    this.clear();
    const records = [...snapshot.resources].sort((a, b) => a.seq - b.seq);
    for (const record of records) this.add({ ...record });
    this.nextSeq = Math.max(snapshot.next_seq, (records[records.length - 1]?.seq ?? 0) + 1);
    this.rng = new SeededRng(snapshot.sid_rng_state);
  }

  /** Back to a fresh start: nothing stored, and SIDs from the seed again. */
  clear(): void {
    this.collections.clear();
    this.bySid.clear();
    this.nextSeq = 1;
    this.rng = new SeededRng(lookupSeed(this.seed));
  }
}

function collectionKey(kind: TargetKind, parentSid: string | undefined): string {
  return parentSid === undefined ? kind : `${kind}/${parentSid}`;
}
