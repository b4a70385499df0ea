import { isDeepStrictEqual } from 'node:util';
import type { FlowFields } from '../model/flexFlow.js';
import type { Change, UpdateChange } from './types.js';

function valueAt(fields: FlowFields, path: string): unknown {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  const value = (fields as unknown as Record<string, unknown>)[head];
  if (tail === undefined) return value;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[tail] : undefined;
}

/** What an update's `send` must be, given its `changes` and `after`, as the diff builds it. */
function sendProblems(change: UpdateChange): string[] {
  const problems: string[] = [];
  const name = JSON.stringify(change.friendly_name);
  const expected = new Set<string>();
  for (const field of change.changes) {
    const top = field.path.split('.')[0] as string;
    expected.add(top);
    if (top !== 'integration' && !isDeepStrictEqual(change.send[top as keyof FlowFields], valueAt(change.after, field.path))) {
      problems.push(`the update of ${name} sends ${top} other than its declared value`);
    }
    if (!isDeepStrictEqual(field.after, valueAt(change.after, field.path) ?? null) && field.path !== 'integration') {
      problems.push(`the update of ${name} lists a change of ${field.path} to a value it does not declare`);
    }
  }
  if (expected.has('integration')) {
    const sent = change.send.integration;
    // A declared `integration: null` clears every live field: each is sent empty.
    const clearing = change.after.integration === null && sent !== null && sent !== undefined && Object.values(sent).every((value) => value === null);
    if (!clearing && !isDeepStrictEqual(sent, change.after.integration)) problems.push(`the update of ${name} sends an integration other than the declared one`);
  }
  const extra = Object.keys(change.send).filter((key) => !expected.has(key));
  if (extra.length > 0) problems.push(`the update of ${name} sends ${extra.join(', ')}, which none of its changes lists`);
  return problems;
}

/**
 * Why a plan (read from a file) does not hold together: each change's name is its flow's, no name or
 * SID appears twice, and each update sends exactly what its changes and declared fields say. A plan
 * made by diff always holds together; an edited plan file may not, and is refused as a whole.
 */
export function planInconsistencies(changes: readonly Change[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const sids = new Set<string>();
  for (const change of changes) {
    const name = JSON.stringify(change.friendly_name);
    if (names.has(change.friendly_name)) problems.push(`${name} appears more than once`);
    names.add(change.friendly_name);
    if (change.action !== 'create') {
      if (sids.has(change.before.sid)) problems.push(`flow ${change.before.sid} appears more than once`);
      sids.add(change.before.sid);
    }
    switch (change.action) {
      case 'create':
        if (change.after.friendly_name !== change.friendly_name) problems.push(`the create of ${name} declares the name ${JSON.stringify(change.after.friendly_name)}`);
        break;
      case 'update':
        if (change.after.friendly_name !== change.friendly_name) problems.push(`the update of ${name} declares the name ${JSON.stringify(change.after.friendly_name)}`);
        if (change.before.fields.friendly_name !== (change.renamed_from ?? change.friendly_name)) {
          problems.push(`the update of ${name} was planned for a flow named ${JSON.stringify(change.before.fields.friendly_name)}`);
        }
        problems.push(...sendProblems(change));
        break;
      case 'delete':
      case 'noop':
        if (change.before.fields.friendly_name !== change.friendly_name) problems.push(`the ${change.action} of ${name} was planned for a flow named ${JSON.stringify(change.before.fields.friendly_name)}`);
        break;
    }
  }
  return problems;
}
