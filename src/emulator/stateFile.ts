import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { UserInputError } from '../errors.js';
import { FLOW_SID_PATTERN } from '../model/flexFlow.js';
import type { FlowRecord, StoreSnapshot } from './store.js';

const FORMAT_VERSION = 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemWith(data: unknown): string | undefined {
  if (!isRecord(data)) return 'the top level is not an object';
  if (data.format_version !== FORMAT_VERSION) return `format_version is ${JSON.stringify(data.format_version)}, expected ${FORMAT_VERSION}`;
  if (!Number.isInteger(data.next_seq) || !Number.isInteger(data.sid_rng_state)) return 'next_seq and sid_rng_state must be integers';
  if (!Array.isArray(data.flows)) return 'flows is not a list';
  for (const [index, flow] of data.flows.entries()) {
    if (!isRecord(flow) || typeof flow.sid !== 'string' || !FLOW_SID_PATTERN.test(flow.sid)) return `flows[${index}] has no valid sid`;
    if (!Number.isInteger(flow.seq) || typeof flow.friendly_name !== 'string') return `flows[${index}] (${flow.sid}) lacks seq or friendly_name`;
  }
  return undefined;
}

/** The saved state, or undefined when the file does not exist yet. */
export async function loadStateFile(path: string): Promise<StoreSnapshot | undefined> {
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
  const problem = problemWith(data);
  if (problem !== undefined) throw new UserInputError(`emulator state file ${path} is not an emulator state: ${problem}; fix or delete it`);
  return data as StoreSnapshot;
}

function serialize(snapshot: StoreSnapshot): string {
  const flows = snapshot.flows.map((flow: FlowRecord) => JSON.stringify(flow)).join(',\n    ');
  return `{\n  "format_version": ${FORMAT_VERSION},\n  "next_seq": ${snapshot.next_seq},\n  "sid_rng_state": ${snapshot.sid_rng_state},\n  "flows": [${flows === '' ? '' : `\n    ${flows}\n  `}]\n}\n`;
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
    private readonly snapshot: () => StoreSnapshot,
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
