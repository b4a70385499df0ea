/**
 * The Flex Flow resource as Twilio's Flex API v1 describes it (twilio_flex_v1.json,
 * `flex.v1.flex_flow`), and the one table of its writable fields that every part of the tool
 * (file validation, diff, HTTP encoding, the emulator) reads, so that they cannot disagree.
 */

import { type FieldSpec, MAX_INTEGER, MAX_NAME_LENGTH, MAX_URL_LENGTH } from './field.js';
import { toFormParams as kindFormParams } from './form.js';
import type { NestedGroup } from './kind.js';

export const CHANNEL_TYPES = ['web', 'sms', 'facebook', 'whatsapp', 'line', 'custom'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const INTEGRATION_TYPES = ['studio', 'external', 'task'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export interface Integration {
  flow_sid?: string | null;
  url?: string | null;
  workspace_sid?: string | null;
  workflow_sid?: string | null;
  channel?: string | null;
  timeout?: number | null;
  priority?: number | null;
  creation_on_message?: boolean | null;
  retry_count?: number | null;
}

/** A live flow exactly as the API returns it. */
export interface FlexFlow {
  sid: string;
  account_sid: string;
  date_created: string;
  date_updated: string;
  friendly_name: string;
  chat_service_sid: string | null;
  channel_type: ChannelType | null;
  contact_identity: string | null;
  enabled: boolean | null;
  integration_type: IntegrationType | null;
  integration: Integration | null;
  long_lived: boolean | null;
  janitor_enabled: boolean | null;
  url: string;
}

/**
 * The writable fields of a flow: what a file declares and what create/update send.
 * An absent key is not managed. `null` means "managed, and must be empty" (sent as `Key=`).
 */
export interface FlowFields {
  friendly_name: string;
  chat_service_sid?: string | null;
  channel_type?: ChannelType | null;
  contact_identity?: string | null;
  enabled?: boolean | null;
  integration_type?: IntegrationType | null;
  integration?: Integration | null;
  long_lived?: boolean | null;
  janitor_enabled?: boolean | null;
}

/** A flow's top-level writable fields; the `integration` group has its own table. */
export type FlowFieldName = Exclude<keyof FlowFields, 'integration'>;

export const TOP_LEVEL_FIELDS = Object.freeze([
  {
    name: 'friendly_name',
    param: 'FriendlyName',
    type: 'string',
    maxLength: MAX_NAME_LENGTH,
    description: "The flow's name in the Console, and the key flexflow-sync matches live flows on. Required.",
  },
  {
    name: 'chat_service_sid',
    param: 'ChatServiceSid',
    type: 'string',
    sidPrefix: 'IS',
    lookup: {
      nameField: 'chat_service',
      target: 'chat-service',
      description:
        'The friendly name of the Chat service the flow uses, instead of chat_service_sid: resolved to its SID at plan time (exactly one service in the account must have it).',
    },
    description:
      'The SID of the Conversations/Chat service the flow uses (IS followed by 32 hex digits). Required (or chat_service, its name).',
  },
  {
    name: 'channel_type',
    param: 'ChannelType',
    type: 'string',
    enum: CHANNEL_TYPES,
    description: 'The channel: web, sms, facebook, whatsapp, line or custom. Required.',
  },
  {
    name: 'contact_identity',
    param: 'ContactIdentity',
    type: 'string',
    maxLength: MAX_NAME_LENGTH,
    description:
      "The channel contact's identity: the phone number (e.g. +15005550006, whatsapp:+15005550006) or identity messages arrive on.",
  },
  { name: 'enabled', param: 'Enabled', type: 'boolean', description: 'Whether the flow is enabled.' },
  {
    name: 'integration_type',
    param: 'IntegrationType',
    type: 'string',
    enum: INTEGRATION_TYPES,
    description: 'What handles a new conversation: studio (a Studio Flow), external (a webhook) or task (a TaskRouter Task).',
  },
  {
    name: 'long_lived',
    param: 'LongLived',
    type: 'boolean',
    description:
      'Keep the chat channel active, so that it may be used for later interactions with the same contact identity. Twilio defaults to false.',
  },
  {
    name: 'janitor_enabled',
    param: 'JanitorEnabled',
    type: 'boolean',
    description:
      'Let the Messaging Channel Janitor remove active Proxy sessions when the associated Task is deleted outside the Flex UI. Twilio defaults to false.',
  },
] as const satisfies readonly FieldSpec<FlowFieldName, IntegrationType>[]);

export const INTEGRATION_FIELDS = Object.freeze([
  {
    name: 'flow_sid',
    param: 'Integration.FlowSid',
    type: 'string',
    sidPrefix: 'FW',
    appliesTo: ['studio'],
    lookup: {
      nameField: 'studio_flow',
      target: 'studio-flow',
      description:
        'The friendly name of the Studio Flow, instead of flow_sid: resolved to its SID at plan time (exactly one Studio Flow in the account must have it).',
    },
    description:
      'The SID of the Studio Flow (FW followed by 32 hex digits). Required when integration_type is studio (or studio_flow, its name).',
  },
  {
    name: 'url',
    param: 'Integration.Url',
    type: 'string',
    url: true,
    maxLength: MAX_URL_LENGTH,
    appliesTo: ['external'],
    description:
      'The URL of the external webhook (https://; credentials in it are redacted in every output). Required when integration_type is external.',
  },
  {
    name: 'workspace_sid',
    param: 'Integration.WorkspaceSid',
    type: 'string',
    sidPrefix: 'WS',
    appliesTo: ['task'],
    lookup: {
      nameField: 'workspace',
      target: 'workspace',
      description:
        'The friendly name of the TaskRouter Workspace, instead of workspace_sid: resolved to its SID at plan time (exactly one workspace in the account must have it).',
    },
    description:
      'The TaskRouter Workspace SID for a new Task (WS followed by 32 hex digits). Required when integration_type is task (or workspace, its name).',
  },
  {
    name: 'workflow_sid',
    param: 'Integration.WorkflowSid',
    type: 'string',
    sidPrefix: 'WW',
    appliesTo: ['task'],
    lookup: {
      nameField: 'workflow',
      target: 'workflow',
      within: 'workspace_sid',
      description:
        'The friendly name of the TaskRouter Workflow, instead of workflow_sid: resolved at plan time within the workspace (workspace or workspace_sid) to the SID of the one workflow there that has it.',
    },
    description:
      'The TaskRouter Workflow SID for a new Task (WW followed by 32 hex digits). Required when integration_type is task (or workflow, its name).',
  },
  {
    name: 'channel',
    param: 'Integration.Channel',
    type: 'string',
    maxLength: MAX_NAME_LENGTH,
    appliesTo: ['task'],
    description:
      'The Task Channel SID (TC…) or unique name (e.g. sms) for the new Task. Twilio defaults to "default". Only when integration_type is task.',
  },
  {
    name: 'timeout',
    param: 'Integration.Timeout',
    type: 'integer',
    minimum: 0,
    maximum: MAX_INTEGER,
    appliesTo: ['task'],
    description: 'The Task timeout in seconds. Twilio defaults to 86400 (24 hours). Only when integration_type is task.',
  },
  {
    name: 'priority',
    param: 'Integration.Priority',
    type: 'integer',
    minimum: 0,
    maximum: MAX_INTEGER,
    appliesTo: ['task'],
    description: 'The priority of a new Task. Twilio defaults to 0. Only when integration_type is task.',
  },
  {
    name: 'creation_on_message',
    param: 'Integration.CreationOnMessage',
    type: 'boolean',
    appliesTo: ['task'],
    description:
      'Outbound messaging: true delays Task creation until the customer first answers; false creates the Task at once, reserving the conversation to the agent. Only when integration_type is task.',
  },
  {
    name: 'retry_count',
    param: 'Integration.RetryCount',
    type: 'integer',
    minimum: 0,
    maximum: 3,
    appliesTo: ['studio', 'external'],
    description:
      'How many times to retry the Studio Flow or webhook on failure, 0 to 3 (Twilio defaults to 3). Only when integration_type is studio or external.',
  },
] as const satisfies readonly FieldSpec<keyof Integration, IntegrationType>[]);

/** Integration fields each integration type requires (Twilio: "Required when integrationType is ..."). */
export const REQUIRED_INTEGRATION_FIELDS: Readonly<Record<IntegrationType, readonly (keyof Integration)[]>> = Object.freeze({
  studio: ['flow_sid'],
  external: ['url'],
  task: ['workspace_sid', 'workflow_sid'],
});

/**
 * The integration type a flow chose, or undefined when it lacks a field that type requires: then it
 * is Twilio's default (studio, echoed for a flow created without one), not a choice, and declaring
 * or sending it back would be refused. Twilio does not document whether a create with that type and
 * no flow SID is accepted; leaving it out is safe either way.
 */
export function chosenIntegrationType(fields: FlowFields): IntegrationType | null | undefined {
  const type = fields.integration_type;
  if (!type) return type;
  const integration: Integration = fields.integration ?? {};
  return REQUIRED_INTEGRATION_FIELDS[type].every(
    (name) => integration[name] !== null && integration[name] !== undefined && integration[name] !== '',
  )
    ? type
    : undefined;
}

/** A live flow's fields as a create can send them back: a defaulted integration type is left out, with its integration. */
export function recreatableFields(fields: FlowFields): FlowFields {
  if (chosenIntegrationType(fields) !== undefined) return fields;
  const copy: Partial<FlowFields> = { ...fields };
  delete copy.integration_type;
  delete copy.integration;
  return copy as FlowFields;
}

/** The `integration` group, as the kind descriptor (src/model/kinds.ts) carries it. */
export const FLEX_FLOW_GROUP: NestedGroup<keyof Integration, IntegrationType> = Object.freeze({
  name: 'integration',
  fields: INTEGRATION_FIELDS,
  discriminator: 'integration_type',
  required: REQUIRED_INTEGRATION_FIELDS,
});

/** Parameters Twilio requires on create. */
export const REQUIRED_ON_CREATE: readonly FlowFieldName[] = Object.freeze(['friendly_name', 'chat_service_sid', 'channel_type']);

export const FLOW_SID_PATTERN = /^FO[0-9a-fA-F]{32}$/;
export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;

/**
 * The form parameters of a flow's create or update. The Flex Flow table has no `string-set` field, so
 * every value is one string. Kind-generic callers use src/model/form.ts.
 */
export function toFormParams(fields: Partial<FlowFields>): Record<string, string> {
  return kindFormParams({ fields: TOP_LEVEL_FIELDS, group: FLEX_FLOW_GROUP }, fields) as Record<string, string>;
}
