import { type FlowFields, INTEGRATION_FIELDS, TOP_LEVEL_FIELDS } from '../model/flexFlow.js';
import type { FlowNames, NameAt } from './crossFileRules.js';
import { fieldAt, pointerToPath } from './fields.js';
import { type Variables, resolveVariables } from './interpolate.js';
import { DOCUMENT_RULES } from './rules.js';
import { formatPosition } from './problems.js';
import { check as checkSchema } from './checkSchema.generated.js';
import { type SchemaVocabulary, schemaProblems } from './schemaProblems.js';
import type { DesiredFlow, Problem } from './types.js';
import type { SourceDocument } from './sourceDocument.js';

const TOP_LEVEL_KEYS = [...TOP_LEVEL_FIELDS.map((spec) => spec.name), 'integration', 'renamed_from'];
const INTEGRATION_KEYS = INTEGRATION_FIELDS.map((spec) => spec.name);

const FLOW_VOCABULARY: SchemaVocabulary = {
  keysAt: (pointer) => (pointer === '' ? TOP_LEVEL_KEYS : pointer === '/integration' ? INTEGRATION_KEYS : []),
  belongsElsewhere: (key, pointer) => {
    if (pointer === '' && INTEGRATION_KEYS.includes(key)) return `integration.${key}`;
    if (pointer === '/integration' && TOP_LEVEL_KEYS.includes(key)) return `${key}, at the top level`;
    return undefined;
  },
  patternMessage: (pointer) => {
    const spec = fieldAt(pointer);
    return spec?.sidPrefix ? `${pointerToPath(pointer)} must be "${spec.sidPrefix}" followed by 32 hex digits` : undefined;
  },
  requiredReason: 'Twilio requires it to create a flow',
};

export interface ValidatedDocument {
  readonly problems: readonly Problem[];
  /** Present when the document has no problems of its own. */
  readonly flow?: DesiredFlow;
  readonly names: FlowNames;
}

/** Resolves variables in one document, checks it against the schema and the rules, and builds the flow. */
export function validateFlowDocument(document: SourceDocument, variables: Variables): ValidatedDocument {
  const resolved = resolveVariables(document, variables);
  const value = resolved.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const problem: Problem = {
      ...document.start,
      rule: 'not-a-mapping',
      message: 'a flow document must be a mapping of keys (friendly_name: ..., chat_service_sid: ..., ...)',
    };
    return { problems: [problem], names: { renamedFrom: [] } };
  }
  const flow = value as Record<string, unknown>;
  const checks: Problem[] = [];
  if (!checkSchema(flow)) checks.push(...schemaProblems(checkSchema.errors ?? [], document, FLOW_VOCABULARY, resolved.written));
  for (const rule of DOCUMENT_RULES) checks.push(...rule(document, flow));
  // A value whose variable did not resolve is reported once, as such: checking the placeholder's text would only repeat it.
  const unresolved = new Set(resolved.problems.map(formatPosition));
  const problems: Problem[] = [...resolved.problems, ...checks.filter((problem) => !unresolved.has(formatPosition(problem)))];
  const names = namesOf(document, flow);
  if (problems.length > 0) return { problems, names };
  return { problems, names, flow: { fields: toFlowFields(flow), renamedFrom: names.renamedFrom.map(({ name }) => name), source: document.start } };
}

function namesOf(document: SourceDocument, flow: Readonly<Record<string, unknown>>): FlowNames {
  const nameAt = (value: unknown, pointer: string): NameAt[] =>
    typeof value === 'string' && value !== '' ? [{ name: value, at: document.positions.get(pointer)?.value ?? document.start }] : [];
  const renamed = Array.isArray(flow.renamed_from) ? flow.renamed_from : [];
  const [identity] = flow.enabled === true ? nameAt(flow.contact_identity, '/contact_identity') : [];
  return {
    friendlyName: nameAt(flow.friendly_name, '/friendly_name')[0],
    renamedFrom: renamed.flatMap((name, index) => nameAt(name, `/renamed_from/${index}`)),
    ...(identity === undefined
      ? {}
      : { identity: { contactIdentity: identity.name, integrationType: typeof flow.integration_type === 'string' ? flow.integration_type : null, at: identity.at } }),
  };
}

/** Only the table's keys are copied, into ordinary objects: declared keys are managed, absent ones are not. */
function toFlowFields(flow: Readonly<Record<string, unknown>>): FlowFields {
  const fields: Record<string, unknown> = {};
  for (const spec of TOP_LEVEL_FIELDS) if (Object.hasOwn(flow, spec.name)) fields[spec.name] = flow[spec.name];
  if (Object.hasOwn(flow, 'integration')) {
    const integration = flow.integration as Record<string, unknown> | null;
    if (integration === null) {
      fields.integration = null;
    } else {
      const copy: Record<string, unknown> = {};
      for (const spec of INTEGRATION_FIELDS) if (Object.hasOwn(integration, spec.name)) copy[spec.name] = integration[spec.name];
      fields.integration = copy;
    }
  }
  return fields as unknown as FlowFields;
}
