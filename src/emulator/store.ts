import type { FlexFlow } from '../model/flexFlow.js';
import { SeededRng, nextSid } from './rng.js';

/** The writable part of a flow as the emulator keeps it. */
export type FlowValues = Omit<FlexFlow, 'sid' | 'account_sid' | 'date_created' | 'date_updated' | 'url'>;

/**
 * One stored flow. `seq` is its creation order; lists are sorted by it, and page tokens name a `seq`,
 * so a page is found by binary search rather than by scanning every flow.
 */
export interface FlowRecord extends FlowValues {
  readonly sid: string;
  readonly seq: number;
  readonly date_created: string;
  date_updated: string;
}

export interface StoreSnapshot {
  readonly next_seq: number;
  readonly sid_rng_state: number;
  readonly flows: readonly FlowRecord[];
}

const EMPTY: readonly FlowRecord[] = Object.freeze([]);

/** Anything listed in creation order: flows, and the resources flow files may name (lookups/). */
export interface Sequenced {
  readonly seq: number;
}

/** Index of the first record whose seq is greater than `seq` (records sorted by seq). */
export function indexAfter(records: readonly Sequenced[], seq: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((records[mid] as Sequenced).seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first record whose seq is at least `seq`. */
export function indexAtOrAfter(records: readonly Sequenced[], seq: number): number {
  return indexAfter(records, seq - 1);
}

function removeRecord(records: FlowRecord[], record: FlowRecord): void {
  const at = indexAtOrAfter(records, record.seq);
  if (records[at] === record) records.splice(at, 1);
}

function insertRecord(records: FlowRecord[], record: FlowRecord): void {
  records.splice(indexAfter(records, record.seq), 0, record);
}

/** In-memory flows in creation order, with an index by SID and one by friendly name. */
export class FlowStore {
  private readonly bySid = new Map<string, FlowRecord>();
  private readonly ordered: FlowRecord[] = [];
  private readonly byName = new Map<string, FlowRecord[]>();
  private nextSeq = 1;
  private sidRng: SeededRng;

  constructor(private readonly seed: number) {
    this.sidRng = new SeededRng(seed);
  }

  get size(): number {
    return this.ordered.length;
  }

  get(sid: string): FlowRecord | undefined {
    return this.bySid.get(sid);
  }

  /** All flows, or those named exactly `friendlyName`, in creation order. Do not mutate. */
  list(friendlyName?: string): readonly FlowRecord[] {
    if (friendlyName === undefined) return this.ordered;
    return this.byName.get(friendlyName) ?? EMPTY;
  }

  create(values: FlowValues, nowIso: string): FlowRecord {
    let sid = nextSid(this.sidRng, 'FO');
    while (this.bySid.has(sid)) sid = nextSid(this.sidRng, 'FO');
    const record: FlowRecord = { sid, seq: this.nextSeq++, date_created: nowIso, date_updated: nowIso, ...values };
    this.add(record);
    return record;
  }

  update(record: FlowRecord, values: FlowValues, nowIso: string): FlowRecord {
    if (values.friendly_name !== record.friendly_name) {
      this.unindexName(record);
      Object.assign(record, values);
      this.indexName(record);
    } else {
      Object.assign(record, values);
    }
    record.date_updated = nowIso;
    return record;
  }

  delete(sid: string): boolean {
    const record = this.bySid.get(sid);
    if (!record) return false;
    this.bySid.delete(sid);
    removeRecord(this.ordered, record);
    this.unindexName(record);
    return true;
  }

  /** Back to a fresh start: no flows, and SIDs from the seed again. */
  clear(): void {
    this.bySid.clear();
    this.ordered.length = 0;
    this.byName.clear();
    this.nextSeq = 1;
    this.sidRng = new SeededRng(this.seed);
  }

  snapshot(): StoreSnapshot {
    return { next_seq: this.nextSeq, sid_rng_state: this.sidRng.state, flows: this.ordered };
  }

  restore(snapshot: StoreSnapshot): void {
    this.clear();
    const flows = [...snapshot.flows].sort((a, b) => a.seq - b.seq);
    for (const flow of flows) this.add({ ...flow });
    const lastSeq = flows.length === 0 ? 0 : (flows[flows.length - 1] as FlowRecord).seq;
    this.nextSeq = Math.max(snapshot.next_seq, lastSeq + 1);
    this.sidRng = new SeededRng(snapshot.sid_rng_state);
  }

  private add(record: FlowRecord): void {
    this.bySid.set(record.sid, record);
    insertRecord(this.ordered, record);
    this.indexName(record);
  }

  private indexName(record: FlowRecord): void {
    const list = this.byName.get(record.friendly_name);
    if (list) insertRecord(list, record);
    else this.byName.set(record.friendly_name, [record]);
  }

  private unindexName(record: FlowRecord): void {
    const list = this.byName.get(record.friendly_name);
    if (!list) return;
    removeRecord(list, record);
    if (list.length === 0) this.byName.delete(record.friendly_name);
  }
}
