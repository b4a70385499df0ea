import { stringify } from 'yaml';
import { UnsafePlanError } from '../errors.js';
import { ENV_VARIABLE_PREFIX } from '../flows/interpolate.js';
import { keyIsFixed } from '../flows/fields.js';
import { MAX_FILE_BYTES } from '../source/readYamlFile.js';
import type { KindName, LiveResource, ResourceKind } from '../model/kind.js';
import { FLEX_FLOW, KINDS } from '../model/kinds.js';
import { compareText } from '../compareText.js';
import { formatName } from '../printable.js';
import { compileGlobs } from '../settings/globs.js';
import { escapeTemplates, inapplicableFields, liveFields, resourceDocument, type ResourceDocument, valueAtPath } from './document.js';
import { assignFileNames } from './fileNames.js';
import { type NameOfSid, withNames } from './names.js';
import { STAMP_BYTES, stamped } from './stamp.js';
import { replaceSecrets, urlSecrets } from './urlSecrets.js';
import { type KindFields, liftVariables, nameTail, uniqueName } from './vars.js';

export const LAYOUTS = ['one-file', 'per-flow'] as const;
export type Layout = (typeof LAYOUTS)[number];

/**
 * The files the one-file layout writes for a kind, inside the flows folder: `flows.yaml`,
 * `address-configurations.yaml`; when its resources do not fit in one, `flows-001.yaml`, … .
 */
const oneFileName = (kind: ResourceKind, index: number | undefined): string =>
  `${kind.nounPlural.replaceAll(' ', '-')}${index === undefined ? '' : `-${String(index + 1).padStart(3, '0')}`}.yaml`;

const DOCUMENT_SEPARATOR = '---\n';

export interface RenderOptions {
  /** What `# yaml-language-server: $schema=` points at (see schemaReference). */
  readonly schemaRef: string;
  /** `export --names`: the name to write for a SID (issue 20); absent, or undefined for a SID: the SID. */
  readonly nameOf?: NameOfSid;
}

export interface ExportOptions extends RenderOptions {
  readonly layout: Layout;
  /** Friendly-name globs (settings `ignore`) whose flows are left out. Default: none. */
  readonly ignore?: readonly string[];
  /** Lift account-specific SIDs into `${NAME}` variables. Default false. */
  readonly liftVars?: boolean;
}

/** The live resources to export, by kind; a kind left out is not exported. */
export type LiveByKind = Partial<Readonly<Record<KindName, readonly LiveResource[]>>>;

interface ExportFile {
  /** Relative to the flows folder. */
  readonly name: string;
  readonly content: string;
  /** Every file holds resources of one kind. */
  readonly kind: ResourceKind;
  /** The keys (friendly names, addresses) of the resources in the file. */
  readonly keys: readonly string[];
}

export interface ExportResult {
  /** Sorted by name. */
  readonly files: readonly ExportFile[];
  /** NAME → value (SIDs, webhook secrets) when variables were lifted, else null. */
  readonly vars: ReadonlyMap<string, string> | null;
  /** How many of `vars` are webhook secrets (0 without vars). */
  readonly secretCount: number;
  /** Live flows left out because they match an `ignore` glob, sorted. */
  readonly ignored: readonly string[];
  /** Values not exported, one line each, for people (see inapplicableFields). */
  readonly notes: readonly string[];
}

const schemaHeader = (options: RenderOptions): string => `# yaml-language-server: $schema=${options.schemaRef}\n`;

// lineWidth 0: never fold a long value over lines, so each field stays on one greppable line.
const documentText = (doc: ResourceDocument): string => stringify(doc, { lineWidth: 0 });

function yamlFile(documents: readonly ResourceDocument[], options: RenderOptions): string {
  return schemaHeader(options) + documents.map(documentText).join(DOCUMENT_SEPARATOR);
}

/**
 * The one-file layout: every resource of a kind in one file (`flows.yaml`), or, when that would pass
 * the 1 MiB that validate allows a file (about 3,500 flows), in `flows-001.yaml`, `flows-002.yaml`, …
 * each under it, so that export then plan says "No changes" at any size. Resources stay in key order
 * across files.
 */
function oneFileLayout(
  kind: ResourceKind,
  documents: readonly ResourceDocument[],
  keys: readonly string[],
  options: RenderOptions,
): ExportFile[] {
  const header = schemaHeader(options);
  const groups: { texts: string[]; keys: string[]; bytes: number }[] = [];
  documents.forEach((doc, i) => {
    const text = documentText(doc);
    const size = Buffer.byteLength(text);
    const last = groups.at(-1);
    if (last !== undefined && last.bytes + DOCUMENT_SEPARATOR.length + size <= MAX_FILE_BYTES) {
      last.texts.push(text);
      last.keys.push(keys[i] as string);
      last.bytes += DOCUMENT_SEPARATOR.length + size;
    } else {
      groups.push({ texts: [text], keys: [keys[i] as string], bytes: Buffer.byteLength(header) + STAMP_BYTES + size });
    }
  });
  return groups.map((group, i) => ({
    name: oneFileName(kind, groups.length === 1 ? undefined : i),
    content: stamped(header + group.texts.join(DOCUMENT_SEPARATOR)),
    kind,
    keys: group.keys,
  }));
}

const keyOf = (kind: ResourceKind, live: LiveResource): string => String(live[kind.key]);

/**
 * Sorted by key; two live resources with one key are refused, naming both SIDs: plans match on the
 * key, so neither could be managed.
 */
function sortedByKey(kind: ResourceKind, live: readonly LiveResource[]): LiveResource[] {
  const sorted = [...live].sort((a, b) => compareText(keyOf(kind, a), keyOf(kind, b)));
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1] as LiveResource, sorted[i] as LiveResource];
    if (keyOf(kind, before) !== keyOf(kind, after)) continue;
    const [first, second] = [before.sid, after.sid].sort(compareText);
    const fix = keyIsFixed(kind) ? 'delete one of them' : 'rename or delete one of them';
    throw new UnsafePlanError(
      `two live ${kind.nounPlural} have the ${kind.key} ${JSON.stringify(keyOf(kind, after))} (${first} and ${second}); ` +
        `plans are keyed on ${kind.key}, so ${fix} in the Console first`,
    );
  }
  return sorted;
}

/** Live flows as the text of one YAML file: one document per flow, sorted by friendly_name. */
export function flowsToYaml(flows: readonly LiveResource[], options: RenderOptions): string {
  return yamlFile(
    sortedByKey(FLEX_FLOW, flows).map((flow) => resourceDocument(FLEX_FLOW, escapeTemplates(liveFields(FLEX_FLOW, flow)))),
    options,
  );
}

/** The var file for lifted variables: a YAML map, as `--var-file` reads it. */
export function varsToYaml(vars: ReadonlyMap<string, string>): string {
  const header =
    '# Account-specific values for the exported flows (flexflow-sync export --vars): SIDs and webhook secrets.\n' +
    '# One such file per account, passed with --var-file; keep it out of git (.gitignore) and give CI its copy from a secret.\n';
  return header + (vars.size === 0 ? '{}\n' : stringify(Object.fromEntries(vars), { lineWidth: 0 }));
}

/** One live resource on its way to a file. */
interface Exported extends KindFields {
  readonly live: LiveResource;
  readonly key: string;
}

/** `flow "Sales"`, `address configuration "+15005550006"`: how a note names a resource. */
const named = ({ kind, key }: Exported): string => `${kind.noun} ${formatName(key)}`;

/** Every url field of a kind with where it stands (`integration.url`, `auto_creation.webhook_url`). */
function urlPaths(kind: ResourceKind): { path: string; inGroup: boolean; name: string }[] {
  return [
    ...kind.fields.filter((spec) => spec.url === true).map((spec) => ({ path: spec.name, inGroup: false, name: spec.name })),
    ...kind.group.fields
      .filter((spec) => spec.url === true)
      .map((spec) => ({ path: `${kind.group.name}.${spec.name}`, inGroup: true, name: spec.name })),
  ];
}

/** The resource with the URL at `at` replaced by `value`. */
function withUrl(resource: Exported, at: { inGroup: boolean; name: string }, value: string): Exported {
  const { kind, fields } = resource;
  if (!at.inGroup) return { ...resource, fields: { ...fields, [at.name]: value } };
  return {
    ...resource,
    fields: { ...fields, [kind.group.name]: { ...(fields[kind.group.name] as Record<string, unknown>), [at.name]: value } },
  };
}

/** A resource's webhook secrets lifted into variables: the resource rewritten, NAME → value, and a note for people. */
interface HiddenSecrets {
  readonly resources: Exported[];
  /** NAME → the secret, sorted by NAME. */
  readonly secrets: ReadonlyMap<string, string>;
}

/**
 * A webhook URL's credentials (`https://user:pass@host/…`) and secret-looking query values never reach
 * a flow file: each becomes a variable named after the resource's key (so that two accounts' flow
 * files are the same), and the URL keeps its readable rest. Its value goes to the var file with
 * `--vars` (written 0600, for .gitignore), or CI sets it from a secret.
 */
function hideWebhookSecrets(resources: readonly Exported[], notes: string[], taken: Set<string>, toVarFile: boolean): HiddenSecrets {
  const secrets = new Map<string, string>();
  const hidden = resources.map((resource) => {
    let out = resource;
    for (const at of urlPaths(resource.kind)) {
      const url = valueAtPath(resource.kind, resource.fields, at.path);
      // A URL the document leaves out (it does not apply to the type) needs no variable.
      if (typeof url !== 'string' || inapplicableFields(resource.kind, resource.fields).includes(at.path)) continue;
      const found = urlSecrets(url);
      if (found.length === 0) continue;
      const names: string[] = [];
      const template = replaceSecrets(url, found, (secret) => {
        const name = uniqueName(`WEBHOOK_${nameTail(secret.label)}_${nameTail(resource.key)}`, taken);
        // The flow file's text is escaped (escapeTemplates); a var file's value is read as it stands.
        secrets.set(name, url.slice(secret.start, secret.end).replaceAll('$${', '${'));
        names.push(name);
        return `\${${name}}`;
      });
      const where = toVarFile
        ? 'its value is in the var file'
        : `set ${names.map((name) => `${ENV_VARIABLE_PREFIX}${name}`).join(' and ')} from a secret before plan`;
      notes.push(`${named(resource)}: ${at.path} holds a secret, written as ${names.map((name) => `\${${name}}`).join(' and ')}; ${where}`);
      out = withUrl(out, at, template);
    }
    return out;
  });
  return { resources: hidden, secrets: new Map([...secrets].sort(([a], [b]) => compareText(a, b))) };
}

/** The document of one resource, with names for SIDs when asked (export --names). */
function documentOf(kind: ResourceKind, fields: KindFields['fields'], options: RenderOptions): ResourceDocument {
  const document = resourceDocument(kind, fields);
  return options.nameOf === undefined ? document : withNames(kind, document, options.nameOf).document;
}

/** Everything an export writes, as data: which files, with which text. Touches no file. */
export function buildExport(live: LiveByKind, options: ExportOptions): ExportResult {
  const isIgnored = compileGlobs(options.ignore ?? []);
  const ignored: string[] = [];
  let resources: Exported[] = KINDS.flatMap((kind) => {
    // Settings' ignore globs match friendly names, the key of flows alone. Ignored twins are no concern of export's.
    const kept = (live[kind.name] ?? []).filter((resource) => {
      const leftOut = kind === FLEX_FLOW && isIgnored(keyOf(kind, resource));
      if (leftOut) ignored.push(keyOf(kind, resource));
      return !leftOut;
    });
    return sortedByKey(kind, kept).map((resource) => ({
      kind,
      live: resource,
      key: keyOf(kind, resource),
      fields: escapeTemplates(liveFields(kind, resource)),
    }));
  });
  const notes = resources.flatMap((resource) => {
    const dropped = inapplicableFields(resource.kind, resource.fields);
    if (dropped.length === 0) return [];
    const type = String(valueAtPath(resource.kind, resource.fields, resource.kind.group.discriminator));
    return [
      `${named(resource)}: ${dropped.join(', ')} not exported: ${dropped.length === 1 ? 'it does' : 'they do'} not apply to ${resource.kind.group.discriminator} ${type}`,
    ];
  });
  const taken = new Set<string>();
  const hidden = hideWebhookSecrets(resources, notes, taken, options.liftVars === true);
  resources = hidden.resources;
  let vars: ReadonlyMap<string, string> | null = null;
  if (options.liftVars) {
    const lifted = liftVariables(resources, taken);
    vars = new Map([...lifted.vars, ...hidden.secrets].sort(([a], [b]) => compareText(a, b)));
    resources = resources.map((resource, i) => ({ ...resource, fields: (lifted.resources[i] as KindFields).fields }));
  }
  const files = KINDS.flatMap((kind) => {
    const ofKind = resources.filter((resource) => resource.kind === kind);
    if (ofKind.length === 0) return [];
    const documents = ofKind.map((resource) => documentOf(kind, resource.fields, options));
    const keys = ofKind.map((resource) => resource.key);
    return options.layout === 'one-file' ? oneFileLayout(kind, documents, keys, options) : [];
  });
  if (options.layout === 'per-flow') files.push(...perResourceLayout(resources, options));
  return {
    files: files.sort((a, b) => compareText(a.name, b.name)),
    vars,
    secretCount: vars === null ? 0 : hidden.secrets.size,
    ignored: ignored.sort(compareText),
    notes,
  };
}

/**
 * One file per resource, named after its key (safe, collision-free: see fileNames.ts). Names are
 * handed out kind by kind in KINDS order, each kind in key order, so that they do not change from one
 * export to the next.
 */
function perResourceLayout(resources: readonly Exported[], options: RenderOptions): ExportFile[] {
  const taken: string[] = [];
  return KINDS.flatMap((kind) => {
    const ofKind = resources.filter((resource) => resource.kind === kind);
    const fileNames = assignFileNames(
      ofKind.map((resource) => resource.key),
      taken,
    );
    taken.push(...fileNames.values());
    return ofKind.map((resource) => ({
      name: fileNames.get(resource.key) as string,
      content: stamped(yamlFile([documentOf(kind, resource.fields, options)], options)),
      kind,
      keys: [resource.key],
    }));
  });
}
