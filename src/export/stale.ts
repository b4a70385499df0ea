import { lstat, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { parseAllDocuments } from 'yaml';
import { UserInputError } from '../errors.js';
import { listFlowFiles } from '../flows/walk.js';
import type { KindName, LiveResource, ResourceKind } from '../model/kind.js';
import { DEFAULT_KIND, FLEX_FLOW, KINDS } from '../model/kinds.js';
import { stampOf } from './stamp.js';
import { MAX_FILE_BYTES } from '../source/readYamlFile.js';

/**
 * Files an earlier export wrote that this one does not write again (issue 19): after a rename in the
 * Console, a flow deleted there, or a change of layout, they would declare resources that are gone
 * (and the next plan would create them again) or declare them twice. Export removes those it can
 * prove it wrote, unchanged (the stamp, see stamp.ts), and lists the rest; files a person wrote are
 * never touched.
 */

/** A stamped flow file of the folder: its name relative to the folder, and its text. */
interface FolderFile {
  readonly name: string;
  readonly text: string;
}

export interface FlowFolder {
  /** Flow files no export wrote (no stamp), relative to the folder, sorted. */
  readonly foreign: readonly string[];
  /** Flow files an export wrote (stamped), edited since or not. */
  readonly stamped: readonly FolderFile[];
  /** Stamped files this export writes again, as they were: a rename shows in them in the one-file layout. */
  readonly rewritten: readonly FolderFile[];
  /** Flow files no export wrote at a path this export writes to: never overwritten, even with --force. */
  readonly foreignTargets: readonly string[];
}

/** Files read at once: a re-export of thousands of per-flow files reads each (2,500 files: 1.1-1.5 s one by one, 0.6-0.8 s sixteen at a time, on a loaded machine). */
const READS_IN_FLIGHT = 16;

/** The text of a regular file that export stamped; undefined for any other (a symlink, unreadable, a person's). */
async function ownText(file: string): Promise<string | undefined> {
  try {
    // A symlink may lead anywhere in the folder: removing it would not remove what it declares.
    const stats = await lstat(file);
    // Export never writes a file over validate's cap: a larger one is a person's, and is not read whole.
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
    const text = await readFile(file, 'utf8');
    return stampOf(text) === 'foreign' ? undefined : text;
  } catch {
    // Unreadable, or gone meanwhile: not provably export's, so only named.
    return undefined;
  }
}

/**
 * The flow files under `dir` that validate would read (see listFlowFiles), sorted by whether export
 * wrote them and writes them again (`written`: absolute paths); symlinks are only named, never read
 * as export's. A folder that does not exist holds none.
 */
export async function readFlowFolder(dir: string, written: ReadonlySet<string>): Promise<FlowFolder> {
  const foreign: string[] = [];
  const stamped: FolderFile[] = [];
  const rewritten: FolderFile[] = [];
  const foreignTargets: string[] = [];
  // displayPath: relative to `dir` as the link is named, where absolutePath is a link's target.
  const names = (await listFlowFiles(dir, dir)).files.map((file) => file.displayPath);
  const limit = pLimit(READS_IN_FLIGHT);
  const texts = await Promise.all(names.map((name) => limit(() => ownText(path.resolve(dir, name)))));
  names.forEach((name, i) => {
    const text = texts[i];
    const isWritten = written.has(path.resolve(dir, name));
    if (text === undefined) {
      (isWritten ? foreignTargets : foreign).push(name);
    } else (isWritten ? rewritten : stamped).push({ name, text });
  });
  return { foreign, stamped, rewritten, foreignTargets };
}

/** What became of one resource an old file declares. */
type Fate =
  | { readonly is: 'gone'; readonly renamedTo?: string; readonly renamedIn?: string }
  | { readonly is: 'moved'; readonly to: string }
  | { readonly is: 'left-out' };

export interface OldFile {
  /** Relative to the folder. */
  readonly name: string;
  /** `unchanged`: export may remove it; `edited`: a person changed it since, so it is only listed. */
  readonly state: 'unchanged' | 'edited';
  /** Every resource it declares, with what became of it; none when it no longer reads as an export's YAML. */
  readonly resources: readonly { readonly kind: ResourceKind; readonly key: string; readonly fate: Fate }[];
  /** Every resource it declares is gone or written to another file: the file has had its day. */
  readonly superseded: boolean;
}

export interface StaleContext {
  /** The kinds this export wrote: a file of another kind (`export --kind`) is none of its business. */
  readonly kinds: readonly ResourceKind[];
  /** Every live resource listed, by kind, ignored ones too. */
  readonly live: Partial<Readonly<Record<KindName, readonly LiveResource[]>>>;
  /** Where this export wrote each resource: kind name → key → file name (relative to the folder). */
  readonly writtenTo: ReadonlyMap<KindName, ReadonlyMap<string, string>>;
  /** Flows the folder declared before this export: none of them is another's new name. */
  readonly declaredBefore?: ReadonlySet<string>;
}

/** The flows the files declare (as an export wrote them). */
export function declaredFlows(files: readonly FolderFile[]): Set<string> {
  return new Set(files.flatMap((file) => (declared(file.text) ?? []).filter(({ kind }) => kind === FLEX_FLOW).map(({ key }) => key)));
}

/** Each document's kind and key, as an export wrote them (`$${` read back as `${`); undefined when the text is not that. */
function declared(text: string): { kind: ResourceKind; key: string; contactIdentity?: string }[] | undefined {
  const out: { kind: ResourceKind; key: string; contactIdentity?: string }[] = [];
  for (const document of parseAllDocuments(text)) {
    const value: unknown = document.errors.length > 0 ? undefined : document.toJS();
    if (value === null || typeof value !== 'object') return undefined;
    const fields = value as Record<string, unknown>;
    const kind = KINDS.find((candidate) => candidate.name === (fields['kind'] ?? DEFAULT_KIND));
    const key = kind === undefined ? undefined : fields[kind.key];
    if (kind === undefined || typeof key !== 'string') return undefined;
    const identity = fields['contact_identity'];
    out.push({
      kind,
      key: key.replaceAll('$${', '${'),
      ...(typeof identity === 'string' ? { contactIdentity: identity.replaceAll('$${', '${') } : {}),
    });
  }
  return out;
}

/**
 * A live flow under another name with the contact identity the old file gave the flow: most likely
 * the same flow renamed in the Console. Contact identities are the one thing a rename keeps that
 * tells flows apart (an address of a phone number or channel), so nothing else is guessed from.
 */
function renamedTo(
  contactIdentity: string | undefined,
  key: string,
  live: readonly LiveResource[],
  declaredBefore: ReadonlySet<string>,
): string | undefined {
  if (contactIdentity === undefined) return undefined;
  const matches = live.filter(
    (flow) =>
      flow['contact_identity'] === contactIdentity && flow[FLEX_FLOW.key] !== key && !declaredBefore.has(String(flow[FLEX_FLOW.key])),
  );
  return matches.length === 1 ? String(matches[0]?.[FLEX_FLOW.key]) : undefined;
}

/**
 * The stamped files this export may supersede, with what became of each resource they declare: a
 * file is superseded when every resource it declares is gone from the account or now written to
 * another file. One that declares a resource still live but left out of this export (ignored by the
 * settings), or that no longer reads as an export's YAML, is not; a file of a kind not exported is
 * left out. Pure.
 */
export function oldFiles(files: readonly FolderFile[], context: StaleContext): OldFile[] {
  return files.flatMap((file): OldFile[] => {
    const state = stampOf(file.text) === 'unchanged' ? 'unchanged' : 'edited';
    const resources = declared(file.text);
    if (resources === undefined || resources.length === 0) return [{ name: file.name, state, resources: [], superseded: false }];
    if (!resources.every(({ kind }) => context.kinds.includes(kind))) return [];
    const fates = resources.map(({ kind, key, contactIdentity }) => {
      const to = context.writtenTo.get(kind.name)?.get(key);
      const live = context.live[kind.name] ?? [];
      let fate: Fate;
      if (to !== undefined) fate = { is: 'moved', to };
      else if (live.some((resource) => String(resource[kind.key]) === key)) fate = { is: 'left-out' };
      else {
        const renamed = kind === FLEX_FLOW ? renamedTo(contactIdentity, key, live, context.declaredBefore ?? new Set()) : undefined;
        const renamedIn = renamed === undefined ? undefined : context.writtenTo.get(kind.name)?.get(renamed);
        fate =
          renamed === undefined ? { is: 'gone' } : { is: 'gone', renamedTo: renamed, ...(renamedIn === undefined ? {} : { renamedIn }) };
      }
      return { kind, key, fate };
    });
    return [{ name: file.name, state, resources: fates, superseded: fates.every(({ fate }) => fate.is !== 'left-out') }];
  });
}

/** Removes a file of the folder (only a regular file inside it, as readFlowFolder found it). */
export async function removeFile(dir: string, name: string, display: (file: string) => string): Promise<void> {
  const file = path.resolve(dir, name);
  const relative = path.relative(dir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new UserInputError(`refusing to remove ${display(file)}: it is outside ${display(dir)}`);
  try {
    await unlink(file);
  } catch (error) {
    throw new UserInputError(
      `could not remove ${display(file)}: ${(error as Error).message}; the new files are written, remove it by hand`,
      { cause: error },
    );
  }
}
