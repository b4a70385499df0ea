import type { ResourceKind } from '../model/kind.js';
import type { TargetKind } from '../model/lookupTargets.js';
import { nameFieldsOf } from '../model/nameFields.js';
import { type ExportFields, type ResourceDocument, escapeTemplateText } from './document.js';

/**
 * `export --names` (issue 20): a SID written as the name that resolves back to it, where the account
 * holds that name once. Which names qualify is the resolver's answer (namesFor); this module only
 * says which SIDs to ask about and rewrites documents with the answers. Pure.
 */

/** One SID a document holds that a name could stand for; a workflow's within its workspace. */
export interface SidToName {
  readonly target: TargetKind;
  readonly sid: string;
  readonly workspaceSid?: string;
}

/** The names export may write: the one that resolves back to each SID, or undefined to keep the SID. */
export type NameOfSid = (sid: SidToName) => string | undefined;

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The SIDs of `fields` that a name field could stand for. */
export function sidsToName(kind: ResourceKind, fields: ExportFields): SidToName[] {
  return nameFieldsOf(kind).flatMap((field) => {
    const from = field.group === undefined ? fields : fields[field.group];
    if (!isMapping(from)) return [];
    const sid = from[field.sid.name];
    if (typeof sid !== 'string' || sid === '') return [];
    const workspaceSid = field.lookup.within === undefined ? undefined : from[field.lookup.within];
    if (field.lookup.within !== undefined && typeof workspaceSid !== 'string') return [];
    return [{ target: field.lookup.target, sid, ...(typeof workspaceSid === 'string' ? { workspaceSid } : {}) }];
  });
}

/**
 * The document with each SID that has a name written as its name field, in the SID's place (so the
 * order of keys stays). A workflow is named within the workspace the document names, by name or SID.
 */
export function withNames(
  kind: ResourceKind,
  document: ResourceDocument,
  nameOf: NameOfSid,
): { document: ResourceDocument; named: number } {
  let named = 0;
  const rename = (specs: ResourceKind['fields'], from: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(from)) {
      const lookup = specs.find((spec) => spec.name === key)?.lookup;
      const workspaceSid = lookup?.within === undefined ? undefined : from[lookup.within];
      const name =
        lookup === undefined || typeof value !== 'string'
          ? undefined
          : nameOf({ target: lookup.target, sid: value, ...(typeof workspaceSid === 'string' ? { workspaceSid } : {}) });
      if (lookup === undefined || name === undefined) {
        out[key] = value;
      } else {
        // A name holding `${` must read back as itself, as every exported value does.
        out[lookup.nameField] = escapeTemplateText(name);
        named += 1;
      }
    }
    return out;
  };
  const top = rename(kind.fields, document);
  const group = top[kind.group.name];
  if (isMapping(group)) top[kind.group.name] = rename(kind.group.fields, group);
  return { document: top, named };
}
