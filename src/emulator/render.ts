import { INTEGRATION_FIELDS, type FlexFlow, type Integration } from '../model/flexFlow.js';
import type { FlowRecord } from './store.js';

/** ISO-8601 to the second, as Twilio writes dates: `2016-08-01T22:10:40Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function renderIntegration(integration: Integration | null): Integration | null {
  if (integration === null) return null;
  const out: Record<string, unknown> = {};
  for (const spec of INTEGRATION_FIELDS) {
    const value = integration[spec.name as keyof Integration];
    if (value !== undefined && value !== null) out[spec.name] = value;
  }
  return out as Integration;
}

/** A stored flow in the exact shape and key order of `flex.v1.flex_flow`. */
export function renderFlow(record: FlowRecord, accountSid: string, listUrl: string): FlexFlow {
  return {
    sid: record.sid,
    account_sid: accountSid,
    date_created: record.date_created,
    date_updated: record.date_updated,
    friendly_name: record.friendly_name,
    chat_service_sid: record.chat_service_sid,
    channel_type: record.channel_type,
    contact_identity: record.contact_identity,
    enabled: record.enabled,
    integration_type: record.integration_type,
    integration: renderIntegration(record.integration),
    long_lived: record.long_lived,
    janitor_enabled: record.janitor_enabled,
    url: `${listUrl}/${record.sid}`,
  };
}
