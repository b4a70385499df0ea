import type { FlexFlow } from '../../src/model/flexFlow.js';

export const IS = 'IS' + 'a'.repeat(32);
export const FW = 'FW' + 'b'.repeat(32);

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
    chat_service_sid: IS,
    channel_type: 'web',
    contact_identity: null,
    enabled: true,
    integration_type: 'studio',
    integration: { flow_sid: FW, retry_count: 3 },
    long_lived: false,
    janitor_enabled: false,
    url: `https://flex-api.twilio.com/v1/FlexFlows/${flowSid(n)}`,
    ...extra,
  };
}
