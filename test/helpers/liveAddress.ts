import type { DesiredResource } from '../../src/flows/types.js';
import type { LiveResource, ResourceFields } from '../../src/model/kind.js';

export const CONVERSATIONS_SERVICE = 'IS' + 'c'.repeat(32);
export const STUDIO = 'FW' + 'd'.repeat(32);

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
