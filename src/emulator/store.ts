import type { FlexFlow } from '../model/flexFlow.js';
import type { ResourceKind } from '../model/kind.js';
import { SeededRng, nextSid } from './rng.js';

/** The writable part of a resource as the emulator keeps it: the table's fields, the group an object or null. */
export type ResourceValues = Record<string, unknown>;

/** The writable part of a flow as the emulator keeps it. */
export type FlowValues = Omit<FlexFlow, 'sid' | 'account_sid' | 'date_created' | 'date_updated' | 'url'>;

/**
 * One stored resource. `seq` is its creation order; lists are sorted by it, and page tokens name a
 * `seq`, so a page is found by binary search rather than by scanning every resource.
 */
export interface StoredResource extends ResourceValues {
  readonly sid: string;
  readonly seq: number;
  readonly date_created: string;
  date_updated: string;
}

export interface StoreSnapshot {
  readonly next_seq: number;
  readonly sid_rng_state: number;
  readonly resources: readonly StoredResource[];
}

const EMPTY: readonly StoredResource[] = Object.freeze([]);

/** Index of the first record whose seq is greater than `seq` (records sorted by seq). */
export function indexAfter(records: readonly StoredResource[], seq: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((records[mid] as StoredResource).seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first record whose seq is at least `seq`. */
export function indexAtOrAfter(records: readonly StoredResource[], seq: number): number {
  return indexAfter(records, seq - 1);
}

function removeRecord(records: StoredResource[], record: StoredResource): void {
  const at = indexAtOrAfter(records, record.seq);
  if (records[at] === record) records.splice(at, 1);
}

function insertRecord(records: StoredResource[], record: StoredResource): void {
  records.splice(indexAfter(records, record.seq), 0, record);
}

/** In-memory resources of one kind in creation order, with an index by SID and one by the kind's key. */
export class ResourceStore {
  private readonly bySid = new Map<string, StoredResource>();
  private readonly ordered: StoredResource[] = [];
  private readonly byKey = new Map<string, StoredResource[]>();
  private nextSeq = 1;
  private sidRng: SeededRng;

  constructor(
    readonly kind: ResourceKind,
    private readonly seed: number,
  ) {
    this.sidRng = new SeededRng(seed);
  }

  get size(): number {
    return this.ordered.length;
  }

  get(sid: string): StoredResource | undefined {
    return this.bySid.get(sid);
  }

  /** All resources in creation order. Do not mutate. */
  list(): readonly StoredResource[] {
    return this.ordered;
  }

  /** The resources whose key (`friendly_name`, `address`) is exactly `value`, in creation order. */
  withKey(value: string): readonly StoredResource[] {
    return this.byKey.get(value) ?? EMPTY;
  }

  create(values: ResourceValues, nowIso: string): StoredResource {
    let sid = nextSid(this.sidRng, this.kind.sidPrefix);
    while (this.bySid.has(sid)) sid = nextSid(this.sidRng, this.kind.sidPrefix);
    const record: StoredResource = { sid, seq: this.nextSeq++, date_created: nowIso, date_updated: nowIso, ...values };
    this.add(record);
    return record;
  }

  update(record: StoredResource, values: ResourceValues, nowIso: string): StoredResource {
    this.unindexKey(record);
    Object.assign(record, values);
    this.indexKey(record);
    record.date_updated = nowIso;
    return record;
  }

  delete(sid: string): boolean {
    const record = this.bySid.get(sid);
    if (!record) return false;
    this.bySid.delete(sid);
    removeRecord(this.ordered, record);
    this.unindexKey(record);
    return true;
  }

  /** Back to a fresh start: no resources, and SIDs from the seed again. */
  clear(): void {
    this.bySid.clear();
    this.ordered.length = 0;
    this.byKey.clear();
    this.nextSeq = 1;
    this.sidRng = new SeededRng(this.seed);
  }

  snapshot(): StoreSnapshot {
    return { next_seq: this.nextSeq, sid_rng_state: this.sidRng.state, resources: this.ordered };
  }

  restore(snapshot: StoreSnapshot): void {
    this.clear();
    const resources = [...snapshot.resources].sort((a, b) => a.seq - b.seq);
    for (const resource of resources) this.add({ ...resource });
    const lastSeq = resources.length === 0 ? 0 : (resources[resources.length - 1] as StoredResource).seq;
    this.nextSeq = Math.max(snapshot.next_seq, lastSeq + 1);
    this.sidRng = new SeededRng(snapshot.sid_rng_state);
  }

  private keyOf(record: StoredResource): string {
    return String(record[this.kind.key]);
  }

  private add(record: StoredResource): void {
    this.bySid.set(record.sid, record);
    insertRecord(this.ordered, record);
    this.indexKey(record);
  }

  private indexKey(record: StoredResource): void {
    const list = this.byKey.get(this.keyOf(record));
    if (list) insertRecord(list, record);
    else this.byKey.set(this.keyOf(record), [record]);
  }

  private unindexKey(record: StoredResource): void {
    const key = this.keyOf(record);
    const list = this.byKey.get(key);
    if (!list) return;
    removeRecord(list, record);
    if (list.length === 0) this.byKey.delete(key);
  }
}
