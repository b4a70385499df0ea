/**
 * What tests declare and what the emulated API answers: the SIDs, live flows and address
 * configurations as Twilio returns them, declared resources as the loader gives them, and plans.
 */
import type { ApplySummary } from '../../src/apply/report.js';
import type { DesiredResource } from '../../src/flows/types.js';
import type { FlexFlow, FlowFields } from '../../src/model/flexFlow.js';
import type { LiveResource, ResourceFields } from '../../src/model/kind.js';
import { type LiveByKind, summarize, summarizeByKind } from '../../src/plan/diff.js';
import { type Change, PLAN_FORMAT_VERSION, type Plan } from '../../src/plan/types.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/types.js';

/** The chat service of flows, declared and live alike. */
export const CHAT_SERVICE = 'IS' + 'a'.repeat(32);
/** A chat service other than CHAT_SERVICE: a declared flow that names it updates the live one. */
export const OTHER_CHAT_SERVICE = 'IS' + '1'.repeat(32);
export const STUDIO_FLOW = 'FW' + 'b'.repeat(32);
export const WORKSPACE = 'WS' + 'c'.repeat(32);
export const WORKFLOW = 'WW' + 'd'.repeat(32);
/** The Conversations service of address configurations. */
export const CONVERSATIONS_SERVICE = 'IS' + 'c'.repeat(32);

/** Settings that let a test plan delete freely. */
export const PRUNE_ALL: Settings = { ...DEFAULT_SETTINGS, prune: true, maxDeleteFraction: 1 };

/** A web flow's fields, typed for both the Flex Flows client and a kind's ResourceApi. */
export function webFlow(name: string, extra: Partial<FlowFields> = {}): FlowFields & ResourceFields {
  return { friendly_name: name, chat_service_sid: CHAT_SERVICE, channel_type: 'web', enabled: true, ...extra };
}

/** A declared flow, as the loader gives it. */
export function declared(fields: FlowFields, line = 1, renamedFrom: readonly string[] = []): DesiredResource {
  return {
    kind: 'flex-flow',
    fields: fields as unknown as ResourceFields,
    renamedFrom,
    source: { file: 'flows/test.yaml', line, column: 1 },
  };
}

/** Live flows as the diff takes them: by kind. */
export function liveFlows(live: readonly FlexFlow[]): LiveByKind {
  return { 'flex-flow': live as unknown as LiveResource[] };
}

/** A plan of flows, as diff would make it of `changes` (counts included). */
export function flowPlan(changes: readonly Change[], extra: Partial<Plan> = {}): Plan {
  return {
    format_version: PLAN_FORMAT_VERSION,
    kinds: ['flex-flow'],
    changes,
    summary: summarize(changes),
    summary_by_kind: summarizeByKind(['flex-flow'], changes),
    ignored: [],
    unmanaged: [],
    ...extra,
  };
}

/** The webhook of "Web Chat": a password in the URL, which no output may repeat. */
export const WEB_CHAT_WEBHOOK = 'https://bot:s3cret@hooks.example.com/flex';

/** "Support SMS": an SMS number handed to a Studio flow; as FLOW_FILES declares it. */
export const SUPPORT_SMS: FlowFields = {
  friendly_name: 'Support SMS',
  chat_service_sid: CHAT_SERVICE,
  channel_type: 'sms',
  contact_identity: '+15550001111',
  enabled: true,
  integration_type: 'studio',
  integration: { flow_sid: STUDIO_FLOW, retry_count: 1 },
};

/** "Web Chat": a web chat handed to a webhook; as FLOW_FILES declares it. */
export const WEB_CHAT: FlowFields = {
  friendly_name: 'Web Chat',
  chat_service_sid: CHAT_SERVICE,
  channel_type: 'web',
  enabled: true,
  integration_type: 'external',
  integration: { url: WEB_CHAT_WEBHOOK },
};

/** A flows folder, file name → text, declaring SUPPORT_SMS and WEB_CHAT: what the command tests plan and apply. */
export const FLOW_FILES: Readonly<Record<string, string>> = {
  'sms.yaml': `friendly_name: Support SMS
chat_service_sid: ${CHAT_SERVICE}
channel_type: sms
contact_identity: "+15550001111"
enabled: true
integration_type: studio
integration:
  flow_sid: ${STUDIO_FLOW}
  retry_count: 1
`,
  'web.yaml': `friendly_name: Web Chat
chat_service_sid: ${CHAT_SERVICE}
channel_type: web
enabled: true
integration_type: external
integration:
  url: ${WEB_CHAT_WEBHOOK}
`,
};

/** The body of an error Twilio answers: its code, message, the code's page and the HTTP status. */
export function twilioError(status: number, code: number, message: string): Record<string, unknown> {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The sid of live flow number `n`. */
export const flowSid = (n: number): string => 'FO' + n.toString(16).padStart(32, '0');

/** Flow number `n` as the API returns it: an enabled web flow handed to a Studio flow, unless `extra` says otherwise. */
export function liveFlow(n: number, name: string, extra: Partial<FlexFlow> = {}): FlexFlow {
  return {
    sid: flowSid(n),
    account_sid: 'AC' + '0'.repeat(32),
    date_created: '2024-01-01T00:00:00Z',
    date_updated: '2024-01-02T00:00:00Z',
    friendly_name: name,
    chat_service_sid: CHAT_SERVICE,
    channel_type: 'web',
    contact_identity: null,
    enabled: true,
    integration_type: 'studio',
    integration: { flow_sid: STUDIO_FLOW, retry_count: 3 },
    long_lived: false,
    janitor_enabled: false,
    url: `https://flex-api.twilio.com/v1/FlexFlows/${flowSid(n)}`,
    ...extra,
  };
}

/** The sid of live address configuration number `n`. */
export const addressSid = (n: number): string => 'IG' + n.toString(16).padStart(32, '0');

/** The auto_creation Twilio answers for a webhook: every key present, the method upper-case. */
export const LIVE_AUTO_CREATION: Readonly<Record<string, unknown>> = Object.freeze({
  enabled: true,
  type: 'webhook',
  conversation_service_sid: CONVERSATIONS_SERVICE,
  webhook_url: 'https://hooks.example.com/conversations',
  webhook_method: 'POST',
  webhook_filters: ['onParticipantAdded', 'onMessageAdded'],
  studio_flow_sid: null,
  studio_retry_count: null,
});

/**
 * Address configuration number `n` as the API returns it: an SMS address whose auto-creation hands
 * new conversations to a webhook, with Twilio's echoes (the method upper-case, every key present).
 */
export function liveAddress(n: number, address: string, extra: Record<string, unknown> = {}): LiveResource {
  return {
    sid: addressSid(n),
    account_sid: 'AC' + '0'.repeat(32),
    type: 'sms',
    address,
    friendly_name: null,
    auto_creation: LIVE_AUTO_CREATION,
    date_created: '2026-01-01T00:00:00Z',
    date_updated: '2026-01-02T00:00:00Z',
    url: `https://conversations.twilio.com/v1/Configuration/Addresses/${addressSid(n)}`,
    address_country: null,
    ...extra,
  };
}

/** The same configuration as a file declares it (only what the file manages). */
export function addressFields(address: string, extra: Record<string, unknown> = {}): ResourceFields {
  return {
    address,
    type: 'sms',
    auto_creation: {
      enabled: true,
      type: 'webhook',
      conversation_service_sid: CONVERSATIONS_SERVICE,
      webhook_url: 'https://hooks.example.com/conversations',
      webhook_method: 'post',
      webhook_filters: ['onMessageAdded', 'onParticipantAdded'],
    },
    ...extra,
  };
}

export function declaredAddress(fields: ResourceFields, line = 1): DesiredResource {
  return { kind: 'address-configuration', fields, renamedFrom: [], source: { file: 'flows/addresses.yaml', line, column: 1 } };
}

/** An apply report's summary with `counts`, every other count 0. */
export function applySummary(counts: Partial<ApplySummary>): ApplySummary {
  return { migrated: 0, created: 0, updated: 0, replaced: 0, deleted: 0, failed: 0, skipped: 0, unknown: 0, restored: 0, ...counts };
}
