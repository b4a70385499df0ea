import { describe, expect, it } from 'vitest';
import { emulatedKind } from '../src/emulator/kinds.js';
import { parseForm, type WriteMode } from '../src/emulator/params.js';
import type { FlowValues, ResourceValues } from '../src/emulator/store.js';
import { applyPatch, missingGroupParam } from '../src/emulator/values.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { CHAT_SERVICE, STUDIO_FLOW, WORKFLOW, WORKSPACE } from './helpers/fixtures.js';

const BASE = { FriendlyName: 'f', ChatServiceSid: CHAT_SERVICE, ChannelType: 'web' };

/** Parse + merge + integration check, as a create or an update of `current` does it. */
function outcome(form: Readonly<Record<string, string | undefined>>, mode: WriteMode, current?: FlowValues): ResourceValues | string {
  const entries = Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const parsed = parseForm(FLEX_FLOW, new URLSearchParams(entries), mode);
  if (!parsed.ok) return parsed.message;
  const values = applyPatch(emulatedKind(FLEX_FLOW.name), current, parsed.patch);
  return missingGroupParam(FLEX_FLOW, values, parsed.patch) ?? values;
}

const CREATED: FlowValues = {
  friendly_name: 'f',
  chat_service_sid: CHAT_SERVICE,
  channel_type: 'web',
  contact_identity: null,
  enabled: false,
  integration_type: 'studio',
  integration: { retry_count: 3 },
  long_lived: false,
  janitor_enabled: false,
};

describe('create form validation', () => {
  it.each([
    { name: 'minimal create gets the documented defaults', form: BASE, expected: CREATED },
    {
      name: 'task gets its documented defaults',
      form: { ...BASE, IntegrationType: 'task', 'Integration.WorkspaceSid': WORKSPACE, 'Integration.WorkflowSid': WORKFLOW },
      expected: {
        ...CREATED,
        integration_type: 'task',
        integration: { workspace_sid: WORKSPACE, workflow_sid: WORKFLOW, channel: 'default', timeout: 86_400, priority: 0 },
      },
    },
    {
      name: 'external gets retry_count 3',
      form: { ...BASE, IntegrationType: 'external', 'Integration.Url': 'https://x.example/h' },
      expected: { ...CREATED, integration_type: 'external', integration: { url: 'https://x.example/h', retry_count: 3 } },
    },
    {
      name: 'every field, integration only what was posted',
      form: {
        ...BASE,
        ContactIdentity: '+1555',
        Enabled: 'true',
        IntegrationType: 'studio',
        'Integration.FlowSid': STUDIO_FLOW,
        LongLived: 'true',
        JanitorEnabled: 'false',
        'Integration.RetryCount': '0',
      },
      expected: {
        ...CREATED,
        contact_identity: '+1555',
        enabled: true,
        integration_type: 'studio',
        integration: { flow_sid: STUDIO_FLOW, retry_count: 0 },
        long_lived: true,
      },
    },
    {
      name: 'task integration with all its fields',
      form: {
        ...BASE,
        IntegrationType: 'task',
        'Integration.WorkspaceSid': WORKSPACE,
        'Integration.WorkflowSid': WORKFLOW,
        'Integration.Channel': 'sms',
        'Integration.Timeout': '300',
        'Integration.Priority': '2',
        'Integration.CreationOnMessage': 'true',
      },
      expected: {
        ...CREATED,
        integration_type: 'task',
        integration: {
          workspace_sid: WORKSPACE,
          workflow_sid: WORKFLOW,
          channel: 'sms',
          timeout: 300,
          priority: 2,
          creation_on_message: true,
        },
      },
    },
    { name: 'unknown parameters are ignored', form: { ...BASE, Colour: 'blue' }, expected: CREATED },
    { name: 'empty optional value stays empty', form: { ...BASE, ContactIdentity: '' }, expected: CREATED },
    {
      name: 'FriendlyName missing',
      form: { ChatServiceSid: CHAT_SERVICE, ChannelType: 'web' },
      expected: 'Missing required parameter FriendlyName in the post body',
    },
    {
      name: 'FriendlyName empty',
      form: { ...BASE, FriendlyName: '' },
      expected: 'Missing required parameter FriendlyName in the post body',
    },
    {
      name: 'ChatServiceSid missing',
      form: { FriendlyName: 'f', ChannelType: 'web' },
      expected: 'Missing required parameter ChatServiceSid in the post body',
    },
    {
      name: 'ChannelType missing',
      form: { FriendlyName: 'f', ChatServiceSid: CHAT_SERVICE },
      expected: 'Missing required parameter ChannelType in the post body',
    },
    {
      name: 'ChatServiceSid with the wrong prefix',
      form: { ...BASE, ChatServiceSid: `CH${'a'.repeat(32)}` },
      expected: `Invalid value 'CH${'a'.repeat(32)}' for parameter ChatServiceSid: must be a SID matching ^IS[0-9a-fA-F]{32}$`,
    },
    {
      name: 'ChannelType outside the enum',
      form: { ...BASE, ChannelType: 'fax' },
      expected: "Invalid value 'fax' for parameter ChannelType: must be one of web, sms, facebook, whatsapp, line, custom",
    },
    {
      name: 'IntegrationType outside the enum',
      form: { ...BASE, IntegrationType: 'zapier' },
      expected: "Invalid value 'zapier' for parameter IntegrationType: must be one of studio, external, task",
    },
    {
      name: "booleans in any case (Twilio's docs send True)",
      form: { ...BASE, Enabled: 'True', LongLived: 'FALSE' },
      expected: { ...CREATED, enabled: true },
    },
    {
      name: 'boolean as 1',
      form: { ...BASE, LongLived: '1' },
      expected: "Invalid value '1' for parameter LongLived: must be true or false",
    },
    {
      name: 'RetryCount 4',
      form: { ...BASE, 'Integration.RetryCount': '4' },
      expected: "Invalid value '4' for parameter Integration.RetryCount: must be between 0 and 3",
    },
    {
      name: 'RetryCount -1',
      form: { ...BASE, 'Integration.RetryCount': '-1' },
      expected: "Invalid value '-1' for parameter Integration.RetryCount: must be between 0 and 3",
    },
    {
      name: 'RetryCount 1.5',
      form: { ...BASE, 'Integration.RetryCount': '1.5' },
      expected: "Invalid value '1.5' for parameter Integration.RetryCount: must be an integer",
    },
    {
      name: 'Timeout negative',
      form: { ...BASE, 'Integration.Timeout': '-5' },
      expected: "Invalid value '-5' for parameter Integration.Timeout: must be between 0 and 2147483647",
    },
    {
      name: 'Url not absolute',
      form: { ...BASE, 'Integration.Url': 'example.com/hook' },
      expected: "Invalid value 'example.com/hook' for parameter Integration.Url: must be an absolute http or https URL",
    },
    {
      name: 'FlowSid malformed',
      form: { ...BASE, 'Integration.FlowSid': 'FW123' },
      expected: "Invalid value 'FW123' for parameter Integration.FlowSid: must be a SID matching ^FW[0-9a-fA-F]{32}$",
    },
    {
      name: 'studio without FlowSid',
      form: { ...BASE, IntegrationType: 'studio' },
      expected: 'Missing required parameter Integration.FlowSid when IntegrationType is studio',
    },
    {
      name: 'external without Url',
      form: { ...BASE, IntegrationType: 'external' },
      expected: 'Missing required parameter Integration.Url when IntegrationType is external',
    },
    {
      name: 'task without WorkflowSid',
      form: { ...BASE, IntegrationType: 'task', 'Integration.WorkspaceSid': WORKSPACE },
      expected: 'Missing required parameter Integration.WorkflowSid when IntegrationType is task',
    },
    {
      name: 'Url without IntegrationType is kept (the docs example does this)',
      form: { ...BASE, 'Integration.Url': 'https://hooks.example.com/flex' },
      expected: { ...CREATED, integration: { url: 'https://hooks.example.com/flex', retry_count: 3 } },
    },
    {
      name: 'an empty FlowSid for the default studio type',
      form: { ...BASE, 'Integration.FlowSid': '' },
      expected: 'Parameter Integration.FlowSid cannot be empty: IntegrationType is studio, which requires it',
    },
  ])('$name', ({ form, expected }) => {
    expect(outcome(form, 'create')).toEqual(expected);
  });
});

describe('update form', () => {
  const STUDIO: FlowValues = {
    ...CREATED,
    contact_identity: '+1555',
    integration_type: 'studio',
    integration: { flow_sid: STUDIO_FLOW, retry_count: 1 },
  };

  it.each([
    { name: 'nothing posted changes nothing', form: {}, expected: STUDIO },
    { name: 'only posted fields change', form: { Enabled: 'true' }, expected: { ...STUDIO, enabled: true } },
    { name: 'empty value clears a field', form: { ContactIdentity: '' }, expected: { ...STUDIO, contact_identity: null } },
    {
      name: 'Integration.* merges into integration',
      form: { 'Integration.RetryCount': '3' },
      expected: { ...STUDIO, integration: { flow_sid: STUDIO_FLOW, retry_count: 3 } },
    },
    {
      name: 'clearing an integration field drops it',
      form: { 'Integration.RetryCount': '' },
      expected: { ...STUDIO, integration: { flow_sid: STUDIO_FLOW } },
    },
    {
      name: "clearing a field the flow's integration type requires",
      form: { 'Integration.RetryCount': '', 'Integration.FlowSid': '' },
      expected: 'Parameter Integration.FlowSid cannot be empty: IntegrationType is studio, which requires it',
    },
    {
      name: 'clearing every integration field of a flow switched to another type leaves its required one',
      form: {
        IntegrationType: 'external',
        'Integration.Url': 'https://x.example/h',
        'Integration.FlowSid': '',
        'Integration.RetryCount': '',
      },
      expected: { ...STUDIO, integration_type: 'external', integration: { url: 'https://x.example/h' } },
    },
    { name: 'FriendlyName cannot be emptied', form: { FriendlyName: '' }, expected: 'Parameter FriendlyName cannot be empty' },
    { name: 'ChannelType cannot be emptied', form: { ChannelType: '' }, expected: 'Parameter ChannelType cannot be empty' },
    {
      name: 'switching the type requires its fields',
      form: { IntegrationType: 'external' },
      expected: 'Missing required parameter Integration.Url when IntegrationType is external',
    },
    {
      name: 'switching the type with its fields',
      form: { IntegrationType: 'external', 'Integration.Url': 'https://x.example/h', 'Integration.FlowSid': '' },
      expected: { ...STUDIO, integration_type: 'external', integration: { url: 'https://x.example/h', retry_count: 1 } },
    },
  ])('$name', ({ form, expected }) => {
    expect(outcome(form, 'update', STUDIO)).toEqual(expected);
  });
});
