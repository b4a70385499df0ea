import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { UserInputError } from '../errors.js';
import { type FieldSpec, sidPattern } from '../model/field.js';
import type { KindName, ResourceKind } from '../model/kind.js';
import { FLEX_FLOW, KINDS } from '../model/kinds.js';
import { lookupSnapshotProblem, type LookupSnapshot } from './lookups/store.js';
import type { StoreSnapshot, StoredResource } from './store.js';

/**
 * 2: one store per kind, under `stores` by kind name. 1 (before address configurations) held the
 * flows at the top level; it still loads, as the Flex Flows store.
 */
const FORMAT_VERSION = 2;

/**
 * The saved stores, by kind (a kind the file does not hold starts empty), and the resources flow
 * files may name (`lookups`; absent: created from the `lookups` option, as at a fresh start).
 */
export type StateSnapshot = Readonly<Partial<Record<KindName, StoreSnapshot>>> & { readonly lookups?: LookupSnapshot };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The largest state a SeededRng holds (one uint32). */
const MAX_RNG_STATE = 0xffff_ffff;

/** What is wrong with a stored field value (the table's type, enum and SID prefix; null clears any field), or undefined. */
function valueProblem(spec: FieldSpec, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true, false or null';
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : 'must be a whole number or null';
    case 'string-set':
      return Array.isArray(value) &&
        value.every((item) => typeof item === 'string' && (spec.enum === undefined || spec.enum.includes(item)))
        ? undefined
        : `must be a list of ${spec.enum === undefined ? 'text' : spec.enum.join(', ')}`;
    case 'string':
      if (typeof value !== 'string') return 'must be text or null';
      if (spec.enum !== undefined && !spec.enum.includes(value)) return `must be one of ${spec.enum.join(', ')} (stored lower-case)`;
      if (spec.sidPrefix !== undefined && !sidPattern(spec.sidPrefix).test(value)) return `must be a ${spec.sidPrefix} SID`;
      return undefined;
  }
}

/** What is wrong with one stored resource's fields and group, or undefined. */
function resourceFieldsProblem(kind: ResourceKind, resource: Record<string, unknown>): string | undefined {
  for (const spec of kind.fields) {
    const problem = valueProblem(spec, resource[spec.name]);
    if (problem !== undefined) return `${spec.name} ${problem}`;
  }
  const group = resource[kind.group.name];
  if (group === null || group === undefined) return undefined;
  if (!isRecord(group)) return `${kind.group.name} must be an object or null`;
  for (const spec of kind.group.fields) {
    const problem = valueProblem(spec, group[spec.name]);
    if (problem !== undefined) return `${kind.group.name}.${spec.name} ${problem}`;
  }
  return undefined;
}

/**
 * What is wrong with one kind's saved store, or undefined: `where` is its path in the file (`` or
 * `stores.flex-flow.`), `listName` the key of its resources there. A store that loaded with repeated
 * SIDs, repeated or out-of-order sequence numbers, or a next_seq at or below one in use would serve
 * one resource for another, or page in a wrong order: refused rather than repaired.
 */
function storeProblem(kind: ResourceKind, data: Record<string, unknown>, where: string, listName: string): string | undefined {
  const nextSeq = data.next_seq;
  if (!Number.isSafeInteger(nextSeq) || (nextSeq as number) < 1)
    return `${where}next_seq must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`;
  const rngState = data.sid_rng_state;
  if (!Number.isInteger(rngState) || (rngState as number) < 0 || (rngState as number) > MAX_RNG_STATE)
    return `${where}sid_rng_state must be a whole number from 0 to ${MAX_RNG_STATE}`;
  const list = data[listName];
  const name = `${where}${listName}`;
  if (!Array.isArray(list)) return `${name} is not a list`;
  const isSid = sidPattern(kind.sidPrefix);
  const seen = new Map<string, number>();
  for (const [index, resource] of list.entries()) {
    if (!isRecord(resource) || typeof resource.sid !== 'string' || !isSid.test(resource.sid)) return `${name}[${index}] has no valid sid`;
    const at = `${name}[${index}] (${resource.sid})`;
    const seq = resource.seq;
    if (!Number.isSafeInteger(seq) || (seq as number) < 1 || typeof resource[kind.key] !== 'string')
      return `${at} lacks seq (a whole number from 1) or ${kind.key}`;
    if ((seq as number) >= (nextSeq as number)) return `${at} has seq ${String(seq)}, not below next_seq ${String(nextSeq)}`;
    if (typeof resource.date_created !== 'string' || typeof resource.date_updated !== 'string')
      return `${at} lacks date_created or date_updated`;
    const fields = resourceFieldsProblem(kind, resource);
    if (fields !== undefined) return `${at}: ${fields}`;
    // Each must name one resource; a key that stands in for the SID in a path too.
    const unique: [string, string][] = [
      ['sid', resource.sid.toLowerCase()],
      ['seq', String(seq)],
      ...(kind.api.keyInPath ? [[kind.key, resource[kind.key] as string] as [string, string]] : []),
    ];
    for (const [what, value] of unique) {
      const first = seen.get(`${what}\u0000${value}`);
      if (first !== undefined) return `${at} repeats the ${what} of ${name}[${first}]`;
      seen.set(`${what}\u0000${value}`, index);
    }
  }
  return undefined;
}

/** The stores in `data`, or what is wrong with it. */
function readState(data: unknown): StateSnapshot | string {
  if (!isRecord(data)) return 'the top level is not an object';
  if (data.format_version === 1) {
    const problem = storeProblem(FLEX_FLOW, data, '', 'flows');
    return (
      problem ?? {
        [FLEX_FLOW.name]: { next_seq: data.next_seq, sid_rng_state: data.sid_rng_state, resources: data.flows } as StoreSnapshot,
      }
    );
  }
  if (data.format_version !== FORMAT_VERSION)
    return `format_version is ${JSON.stringify(data.format_version)}, expected ${FORMAT_VERSION} (or 1)`;
  if (!isRecord(data.stores)) return 'stores is not an object';
  const state: Partial<Record<KindName, StoreSnapshot>> & { lookups?: LookupSnapshot } = {};
  if (data.lookups !== undefined) {
    const problem = lookupSnapshotProblem(data.lookups);
    if (problem !== undefined) return problem;
    state.lookups = data.lookups as LookupSnapshot;
  }
  for (const [name, saved] of Object.entries(data.stores)) {
    const kind = KINDS.find((candidate) => candidate.name === name);
    if (kind === undefined) return `stores.${name} is not a kind of resource (${KINDS.map((known) => known.name).join(', ')})`;
    if (!isRecord(saved)) return `stores.${name} is not an object`;
    const problem = storeProblem(kind, saved, `stores.${name}.`, 'resources');
    if (problem !== undefined) return problem;
    state[kind.name] = saved as unknown as StoreSnapshot;
  }
  return state;
}

/** The saved state, or undefined when the file does not exist yet. */
export async function loadStateFile(path: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserInputError(`cannot read emulator state file ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserInputError(`emulator state file ${path} is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
  const state = readState(data);
  if (typeof state === 'string')
    throw new UserInputError(`emulator state file ${path} is not an emulator state: ${state}; fix or delete it`);
  return state;
}

/** One resource a line, so that a diff of two states reads well. */
function serialize(state: StateSnapshot): string {
  const stores = KINDS.flatMap((kind) => {
    const snapshot = state[kind.name];
    if (snapshot === undefined) return [];
    const resources = snapshot.resources.map((resource: StoredResource) => JSON.stringify(resource)).join(',\n        ');
    return [
      `    ${JSON.stringify(kind.name)}: {\n      "next_seq": ${snapshot.next_seq},\n      "sid_rng_state": ${snapshot.sid_rng_state},\n` +
        `      "resources": [${resources === '' ? '' : `\n        ${resources}\n      `}]\n    }`,
    ];
  });
  const saved = state.lookups;
  const lookups =
    saved === undefined
      ? ''
      : `,\n  "lookups": {\n    "next_seq": ${saved.next_seq},\n    "sid_rng_state": ${saved.sid_rng_state},\n    "resources": [\n      ` +
        `${saved.resources.map((resource) => JSON.stringify(resource)).join(',\n      ')}\n    ]\n  }`;
  return `{\n  "format_version": ${FORMAT_VERSION},\n  "stores": {\n${stores.join(',\n')}\n  }${lookups}\n}\n`;
}

/**
 * Writes the state after each change, atomically (a reader never sees half a file). Changes that
 * arrive while a write is running are coalesced into one more write, so a burst costs two writes.
 */
export class StateFileWriter {
  private running: Promise<void> | undefined;
  private dirty = false;
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateSnapshot,
  ) {}

  changed(): void {
    this.dirty = true;
    this.running ??= this.drain();
  }

  /**
   * Resolves once a write that began after this change is on disk (write-file-atomic fsyncs before
   * it renames), so the server acknowledges a write only when a kill -9 can no longer undo it.
   */
  changedDurably(): Promise<void> {
    this.changed();
    return this.flush();
  }

  /** Resolves once everything changed so far is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw new UserInputError(`cannot write emulator state file ${this.path}: ${this.failure.message}`);
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeFileAtomic(this.path, serialize(this.snapshot()));
      }
    } catch (error) {
      this.failure = error as Error;
    } finally {
      this.running = undefined;
    }
  }
}
