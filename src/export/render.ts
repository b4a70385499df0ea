import { stringify } from 'yaml';
import { redactUrlCredentials } from '../redactUrl.js';
import { ENV_VARIABLE_PREFIX } from '../flows/interpolate.js';
import { MAX_FILE_BYTES } from '../flows/yamlSource.js';
import type { FlexFlow, FlowFields } from '../model/flexFlow.js';
import { liveToFields } from '../plan/normalize.js';
import { indexLiveByKey } from '../plan/diff.js';
import type { LiveResource } from '../model/kind.js';
import { FLEX_FLOW } from '../model/kinds.js';
import { compareText } from '../compareText.js';
import { formatName } from '../render/fields.js';
import { compileGlobs } from '../settings/globs.js';
import { escapeTemplates, flowDocument, inapplicableIntegrationFields, type FlowDocument } from './document.js';
import { assignFileNames } from './fileNames.js';
import { liftVariables, namesForRole } from './vars.js';

export const LAYOUTS = ['one-file', 'per-flow'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The file the one-file layout writes, inside the flows folder, when all flows fit in one. */
const ONE_FILE_NAME = 'flows.yaml';
/** The one-file layout's files when the flows do not fit in one: flows-001.yaml, flows-002.yaml, … */
const splitFileName = (index: number): string => `flows-${String(index + 1).padStart(3, '0')}.yaml`;

const DOCUMENT_SEPARATOR = '---\n';

export interface RenderOptions {
  /** What `# yaml-language-server: $schema=` points at (see schemaReference). */
  readonly schemaRef: string;
}

export interface ExportOptions extends RenderOptions {
  readonly layout: Layout;
  /** Friendly-name globs (settings `ignore`) whose flows are left out. Default: none. */
  readonly ignore?: readonly string[];
  /** Lift account-specific SIDs into `${NAME}` variables. Default false. */
  readonly liftVars?: boolean;
}

interface ExportFile {
  /** Relative to the flows folder. */
  readonly name: string;
  readonly content: string;
  /** Friendly names of the flows in the file. */
  readonly flows: readonly string[];
}

export interface ExportResult {
  /** Sorted by name. */
  readonly files: readonly ExportFile[];
  /** NAME → SID when variables were lifted, else null. */
  readonly vars: ReadonlyMap<string, string> | null;
  /** Live flows left out because they match an `ignore` glob, sorted. */
  readonly ignored: readonly string[];
  /** Values not exported, one line each, for people (see inapplicableIntegrationFields). */
  readonly notes: readonly string[];
}

const schemaHeader = (options: RenderOptions): string => `# yaml-language-server: $schema=${options.schemaRef}\n`;

// lineWidth 0: never fold a long value over lines, so each field stays on one greppable line.
const documentText = (doc: FlowDocument): string => stringify(doc, { lineWidth: 0 });

function yamlFile(documents: readonly FlowDocument[], options: RenderOptions): string {
  return schemaHeader(options) + documents.map(documentText).join(DOCUMENT_SEPARATOR);
}

/**
 * The one-file layout: every flow in `flows.yaml`, or, when that would pass the 1 MiB that validate
 * allows a flow file (about 3,500 flows), in `flows-001.yaml`, `flows-002.yaml`, … each under it, so
 * that export then plan says "No changes" at any size. Flows stay in friendly_name order across files.
 */
function oneFileLayout(documents: readonly FlowDocument[], names: readonly string[], options: RenderOptions): ExportFile[] {
  const header = schemaHeader(options);
  const groups: { texts: string[]; flows: string[]; bytes: number }[] = [];
  documents.forEach((doc, i) => {
    const text = documentText(doc);
    const size = Buffer.byteLength(text);
    const last = groups.at(-1);
    if (last !== undefined && last.bytes + DOCUMENT_SEPARATOR.length + size <= MAX_FILE_BYTES) {
      last.texts.push(text);
      last.flows.push(names[i] as string);
      last.bytes += DOCUMENT_SEPARATOR.length + size;
    } else {
      groups.push({ texts: [text], flows: [names[i] as string], bytes: Buffer.byteLength(header) + size });
    }
  });
  return groups.map((group, i) => ({
    name: groups.length === 1 ? ONE_FILE_NAME : splitFileName(i),
    content: header + group.texts.join(DOCUMENT_SEPARATOR),
    flows: group.flows,
  }));
}

function sortedByName(flows: readonly FlexFlow[]): FlexFlow[] {
  return [...flows].sort((a, b) => compareText(a.friendly_name, b.friendly_name));
}

function exportFields(sorted: readonly FlexFlow[]): FlowFields[] {
  return sorted.map((flow) => escapeTemplates(liveToFields(FLEX_FLOW, flow as unknown as LiveResource) as unknown as FlowFields));
}

/** Live flows as the text of one YAML file: one document per flow, sorted by friendly_name. */
export function flowsToYaml(flows: readonly FlexFlow[], options: RenderOptions): string {
  return yamlFile(exportFields(sortedByName(flows)).map(flowDocument), options);
}

/** The var file for lifted variables: a YAML map, as `--var-file` reads it. */
export function varsToYaml(vars: ReadonlyMap<string, string>): string {
  const header =
    '# Account-specific values for the exported flows (flexflow-sync export --vars).\n' +
    '# Keep one such file per account and pass it with --var-file.\n';
  return header + (vars.size === 0 ? '{}\n' : stringify(Object.fromEntries(vars), { lineWidth: 0 }));
}

/** Everything an export writes, as data: which files, with which text. Touches no file. */
export function buildExport(live: readonly FlexFlow[], options: ExportOptions): ExportResult {
  const isIgnored = compileGlobs(options.ignore ?? []);
  const ignored = live.filter((flow) => isIgnored(flow.friendly_name)).map((flow) => flow.friendly_name);
  const kept = sortedByName(live.filter((flow) => !isIgnored(flow.friendly_name)));
  indexLiveByKey(FLEX_FLOW, kept as unknown as LiveResource[]);
  let fields = exportFields(kept);
  const notes = fields.flatMap((flow, i) => {
    const dropped = inapplicableIntegrationFields(flow);
    if (dropped.length === 0) return [];
    const name = formatName((kept[i] as FlexFlow).friendly_name);
    return [`flow ${name}: ${dropped.join(', ')} not exported: ${dropped.length === 1 ? 'it does' : 'they do'} not apply to integration_type ${String(flow.integration_type)}`];
  });
  // A webhook password never reaches a file that gets committed (nor the var file): the URL becomes a
  // variable that CI sets from a secret.
  const withPassword = kept.filter((flow) => typeof flow.integration?.url === 'string' && redactUrlCredentials(flow.integration.url) !== flow.integration.url);
  const urlVariables = namesForRole('WEBHOOK_URL', new Set(withPassword.map((flow) => flow.sid)));
  fields = fields.map((flow, i) => {
    const name = urlVariables.get((kept[i] as FlexFlow).sid);
    if (name === undefined) return flow;
    notes.push(
      `flow ${formatName((kept[i] as FlexFlow).friendly_name)}: integration.url holds a password, so it is written as \${${name}}; ` +
        `set ${ENV_VARIABLE_PREFIX}${name} to the URL from a secret (never a committed file) before plan`,
    );
    return { ...flow, integration: { ...flow.integration, url: `\${${name}}` } };
  });
  let vars: ReadonlyMap<string, string> | null = null;
  if (options.liftVars) ({ flows: fields, vars } = liftVariables(fields));
  const documents = fields.map(flowDocument);
  const names = kept.map((flow) => flow.friendly_name);
  let files: ExportFile[];
  if (options.layout === 'one-file') {
    files = oneFileLayout(documents, names, options);
  } else {
    const fileNames = assignFileNames(names);
    files = documents
      .map((doc, i) => {
        const name = names[i] as string;
        return { name: fileNames.get(name) as string, content: yamlFile([doc], options), flows: [name] };
      })
      .sort((a, b) => compareText(a.name, b.name));
  }
  return { files, vars, ignored: ignored.sort(compareText), notes };
}
