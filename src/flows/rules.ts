import { isLoopbackHost } from '../loopback.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { INTEGRATION_FIELDS, INTEGRATION_TYPES, type IntegrationType, REQUIRED_INTEGRATION_FIELDS } from '../model/flexFlow.js';
import { MAX_NAME_LENGTH, MAX_URL_LENGTH } from '../model/field.js';
import { findUnprintable } from '../printable.js';
import { problemAt } from './problems.js';
import type { Problem } from './types.js';
import type { SourceDocument } from './sourceDocument.js';

/**
 * Semantic rules for one flow document, after variables are resolved. Each is a small function with
 * a stable rule id; each reads the value defensively, since the schema check may have failed too.
 */
export type DocumentRule = (document: SourceDocument, flow: Readonly<Record<string, unknown>>) => Problem[];

function integrationTypeOf(flow: Readonly<Record<string, unknown>>): IntegrationType | undefined {
  const type = flow.integration_type;
  return INTEGRATION_TYPES.find((known) => known === type);
}

function integrationOf(flow: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | undefined {
  const integration = flow.integration;
  return integration !== null && typeof integration === 'object' && !Array.isArray(integration)
    ? (integration as Record<string, unknown>)
    : undefined;
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** `flow_sid` for studio, `url` for external, `workspace_sid` + `workflow_sid` for task. */
const requiredIntegrationFields: DocumentRule = (document, flow) => {
  const type = integrationTypeOf(flow);
  if (type === undefined) return [];
  const integration = integrationOf(flow);
  const at = document.positions.get(integration ? '/integration' : '/integration_type')?.[integration ? 'key' : 'value'] ?? document.start;
  return REQUIRED_INTEGRATION_FIELDS[type]
    .filter((name) => !isSet(integration?.[name]))
    .map((name) => problemAt(at, 'integration-required', `integration_type ${type} requires integration.${name}`));
};

/** An integration field that the chosen integration type ignores is a mistake, not a setting. */
const fieldsApplyToIntegrationType: DocumentRule = (document, flow) => {
  const integration = integrationOf(flow);
  if (!integration) return [];
  const type = integrationTypeOf(flow);
  const declared = INTEGRATION_FIELDS.filter((spec) => isSet(integration[spec.name]));
  if (!isSet(flow.integration_type)) {
    if (declared.length === 0) return [];
    const at = document.positions.get('/integration')?.key ?? document.start;
    return [problemAt(at, 'integration-type-missing', `integration is set but integration_type is not; add integration_type (${INTEGRATION_TYPES.join(', ')})`)];
  }
  if (type === undefined) return [];
  return declared
    .filter((spec) => spec.appliesTo !== undefined && !spec.appliesTo.includes(type))
    .map((spec) =>
      problemAt(
        document.positions.get(`/integration/${spec.name}`)?.key ?? document.start,
        'not-applicable',
        `integration.${spec.name} does not apply to integration_type ${type} (only to ${spec.appliesTo?.join(', ')}); remove it`,
      ),
    );
};

/**
 * Webhooks carry conversations: https only, except to this machine for local testing. The URL must
 * be spelled as the WHATWG parser (Node's, and so the one every output redacts with) reads it:
 * `https:/u:p@h`, backslashes, a second `@` or whitespace in the userinfo are read differently by
 * different tools, and a password hidden in such a spelling would escape redaction elsewhere.
 */
const webhookUrl: DocumentRule = (document, flow) => {
  const url = integrationOf(flow)?.url;
  const type = integrationTypeOf(flow);
  // Under another integration type, url is reported as not applicable; its format no longer matters.
  // A URL over the length limit is reported by the schema check; parsing it would only cost time.
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || (type !== undefined && type !== 'external')) return [];
  const at = document.positions.get('/integration/url')?.value ?? document.start;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const allowed = parsed !== undefined && parsed.hostname !== '' && (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)));
  if (!allowed || parsed === undefined) return [problemAt(at, 'url', 'integration.url must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])')];
  if (isCanonicalUrl(url, parsed)) return [];
  return [problemAt(at, 'url', `integration.url must be written as a URL parser reads it, ${JSON.stringify(redactUrlCredentials(parsed.href))} (credentials hidden); other spellings are ambiguous`)];
};

/** Whether `text` is the parser's own spelling of the URL, but for the case of scheme and host and a bare origin's missing `/`. */
function isCanonicalUrl(text: string, parsed: URL): boolean {
  const spelled = text.toLowerCase();
  const href = parsed.href.toLowerCase();
  return spelled === href || (parsed.pathname === '/' && parsed.search === '' && parsed.hash === '' && `${spelled}/` === href);
}

/**
 * A name must come back from Twilio as it was sent, and show as what it is: a lone surrogate goes
 * over the wire as U+FFFD (so the flow would be created again on every apply), while control
 * characters and bidirectional overrides can make a name look like another in a terminal or review.
 */
const printableNames: DocumentRule = (document, flow) => {
  const renamed = Array.isArray(flow.renamed_from) ? flow.renamed_from : [];
  const names: [string, unknown][] = [['/friendly_name', flow.friendly_name], ...renamed.map((name, index): [string, unknown] => [`/renamed_from/${index}`, name])];
  return names.flatMap(([pointer, name]) => {
    if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) return [];
    const at = document.positions.get(pointer)?.value ?? document.start;
    const field = pointer === '/friendly_name' ? 'friendly_name' : 'renamed_from';
    const unprintable = findUnprintable(name);
    if (unprintable !== undefined) {
      return [problemAt(at, 'name-characters', `${field} must not hold control characters, bidirectional controls or unpaired surrogates (${unprintable}); remove it`)];
    }
    if (/^\s|\s$/u.test(name)) return [problemAt(at, 'name-whitespace', `${field} must not start or end with whitespace; remove it`)];
    return [];
  });
};

export const DOCUMENT_RULES: readonly DocumentRule[] = [requiredIntegrationFields, fieldsApplyToIntegrationType, webhookUrl, printableNames];
