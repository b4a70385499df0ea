/**
 * The Conversations Address Configuration (`IG…`), the successor of the Flex Flow, as Twilio's
 * Conversations API v1 describes it (twilio_conversations_v1.json, paths
 * `/v1/Configuration/Addresses[/{Sid}]`, schema `conversations.v1.configuration_address`), and the one
 * table of its writable fields. Facts and sources: ../shared/TWILIO-FACTS.md.
 */

import { type FieldSpec, MAX_INTEGER, MAX_NAME_LENGTH, MAX_URL_LENGTH } from './field.js';
import type { ChannelType } from './flexFlow.js';

/** Twilio treats the type case-insensitively (the spec's own example sends "whAtsAPP"). */
const ADDRESS_TYPES = ['sms', 'whatsapp', 'messenger', 'gbm', 'email', 'rcs', 'apple', 'chat'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

/**
 * The address type each Flex Flow channel becomes when it migrates; the channels absent here cannot
 * (src/migrate/mapping.ts says why). Read by migrate to write the type, and by plan to refuse a
 * `migrated_from` whose flow is of another channel.
 */
export const ADDRESS_TYPE_OF_CHANNEL: Readonly<Partial<Record<ChannelType, AddressType>>> = Object.freeze({
  sms: 'sms',
  whatsapp: 'whatsapp',
  facebook: 'messenger',
});

const AUTO_CREATION_TYPES = ['webhook', 'studio', 'default'] as const;
export type AutoCreationType = (typeof AUTO_CREATION_TYPES)[number];

/** Sent lower-case; since 2025-07-03 Twilio answers "POST". */
const WEBHOOK_METHODS = ['get', 'post'] as const;

const WEBHOOK_FILTERS = [
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onConversationUpdated',
  'onConversationStateUpdated',
  'onConversationRemoved',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
] as const;

/** The writable fields: what a file declares and what create/update send. Absent: not managed. */
export const ADDRESS_CONFIGURATION_FIELDS = Object.freeze([
  {
    name: 'address',
    param: 'Address',
    type: 'string',
    immutable: true,
    maxLength: MAX_NAME_LENGTH,
    lowerCaseWhen: { field: 'type', values: ['email'] },
    description:
      'The unique address configured: a phone number (+15005550006), whatsapp:+15005550006, an email address or a channel id. The key flexflow-sync matches live configurations on. Required; fixed at create.',
  },
  {
    name: 'type',
    param: 'Type',
    type: 'string',
    enum: ADDRESS_TYPES,
    caseInsensitive: true,
    immutable: true,
    description:
      'The address type: sms, whatsapp, messenger, gbm, email, rcs, apple or chat. Required; fixed at create (a change re-creates the configuration).',
  },
  {
    name: 'friendly_name',
    param: 'FriendlyName',
    type: 'string',
    maxLength: MAX_NAME_LENGTH,
    description: 'The human-readable name of this configuration, at most 256 characters. Optional; not the key.',
  },
  {
    name: 'address_country',
    param: 'AddressCountry',
    type: 'string',
    pattern: '^[A-Z]{2}$',
    immutable: true,
    description:
      'The ISO 3166-1 alpha-2 country code the address belongs to; only for short codes. Fixed at create (a change re-creates the configuration).',
  },
] as const satisfies readonly FieldSpec<string, AutoCreationType>[]);

export const AUTO_CREATION_FIELDS = Object.freeze([
  {
    name: 'enabled',
    param: 'AutoCreation.Enabled',
    type: 'boolean',
    description: 'Whether a message to this address auto-creates a conversation.',
  },
  {
    name: 'type',
    param: 'AutoCreation.Type',
    type: 'string',
    enum: AUTO_CREATION_TYPES,
    description:
      'What the auto-created conversation is handed to: webhook, studio (a Studio Flow) or default (the default service, no integration).',
  },
  {
    name: 'conversation_service_sid',
    param: 'AutoCreation.ConversationServiceSid',
    type: 'string',
    sidPrefix: 'IS',
    lookup: {
      nameField: 'conversation_service',
      target: 'conversations-service',
      description:
        'The friendly name of the Conversations service, instead of conversation_service_sid: resolved to its SID at plan time (exactly one service in the account must have it).',
    },
    description:
      'The Conversations service of the auto-created conversation (IS followed by 32 hex digits, or conversation_service, its name); absent: the default service.',
  },
  {
    name: 'webhook_url',
    param: 'AutoCreation.WebhookUrl',
    type: 'string',
    url: true,
    maxLength: MAX_URL_LENGTH,
    appliesTo: ['webhook'],
    description: 'The webhook URL (https://; credentials in it are redacted in every output). Required when auto_creation.type is webhook.',
  },
  {
    name: 'webhook_method',
    param: 'AutoCreation.WebhookMethod',
    type: 'string',
    enum: WEBHOOK_METHODS,
    caseInsensitive: true,
    appliesTo: ['webhook'],
    description: "The webhook's HTTP method: get or post. Only when auto_creation.type is webhook.",
  },
  {
    name: 'webhook_filters',
    param: 'AutoCreation.WebhookFilters',
    type: 'string-set',
    enum: WEBHOOK_FILTERS,
    appliesTo: ['webhook'],
    description:
      'The Conversations events sent to the webhook (e.g. onMessageAdded); order does not matter. Only when auto_creation.type is webhook.',
  },
  {
    name: 'studio_flow_sid',
    param: 'AutoCreation.StudioFlowSid',
    type: 'string',
    sidPrefix: 'FW',
    appliesTo: ['studio'],
    lookup: {
      nameField: 'studio_flow',
      target: 'studio-flow',
      description:
        'The friendly name of the Studio Flow, instead of studio_flow_sid: resolved to its SID at plan time (exactly one Studio Flow in the account must have it).',
    },
    description: 'The Studio Flow (FW followed by 32 hex digits). Required when auto_creation.type is studio (or studio_flow, its name).',
  },
  {
    name: 'studio_retry_count',
    param: 'AutoCreation.StudioRetryCount',
    type: 'integer',
    minimum: 0,
    maximum: MAX_INTEGER,
    appliesTo: ['studio'],
    description: "How many times to retry the Studio Flow's webhook request. Only when auto_creation.type is studio.",
  },
] as const satisfies readonly FieldSpec<string, AutoCreationType>[]);

/** The keys of the two tables: an address configuration has no hand-written interface, its tables are the source. */
export type AddressConfigurationFieldName = (typeof ADDRESS_CONFIGURATION_FIELDS)[number]['name'];
export type AutoCreationFieldName = (typeof AUTO_CREATION_FIELDS)[number]['name'];

/** auto_creation fields each auto-creation type requires. */
export const REQUIRED_AUTO_CREATION_FIELDS: Readonly<Record<AutoCreationType, readonly AutoCreationFieldName[]>> = Object.freeze({
  webhook: ['webhook_url'],
  studio: ['studio_flow_sid'],
  default: [],
});
