import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../src/flows/load.js';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { CHAT_SERVICE, WORKSPACE } from './helpers/fixtures.js';

describe('name fields instead of SIDs (issue 20), offline', () => {
  const tempDir = useTempDir('flexflow-names-validate-');

  const write = (text: string): string => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'flows.yaml'), text);
    return dir;
  };

  it('accepts a name in place of each SID field and keeps the names, with their positions, beside the fields', async () => {
    const dir = write(
      [
        'friendly_name: Studio',
        'chat_service: Flex Chat Service',
        'channel_type: sms',
        'integration_type: studio',
        'integration:',
        '  studio_flow: Inbound SMS',
        '---',
        'friendly_name: Task',
        `chat_service_sid: ${CHAT_SERVICE}`,
        'channel_type: web',
        'integration_type: task',
        'integration:',
        '  workspace: Flex Task Assignment',
        '  workflow: Assign to Anyone',
        '---',
        'friendly_name: Task by workspace SID',
        `chat_service_sid: ${CHAT_SERVICE}`,
        'channel_type: web',
        'integration_type: task',
        'integration:',
        `  workspace_sid: ${WORKSPACE}`,
        '  workflow: Assign to Anyone',
        '---',
        'kind: address-configuration',
        'address: "+15005550006"',
        'type: sms',
        'auto_creation:',
        '  enabled: true',
        '  type: studio',
        '  conversation_service: Default Conversations Service',
        '  studio_flow: Inbound SMS',
        '',
      ].join('\n'),
    );
    const result = await loadFlows({ dir: '.', cwd: dir, env: {} });
    expect(result.problems).toEqual([]);
    const [studio, task, taskBySid, address] = result.resources;
    expect(studio?.fields).toEqual({ friendly_name: 'Studio', channel_type: 'sms', integration_type: 'studio', integration: {} });
    expect(studio?.names).toEqual([
      {
        sidPath: 'chat_service_sid',
        reference: { kind: 'chat-service', name: 'Flex Chat Service', position: { file: 'flows.yaml', line: 2, column: 15 } },
      },
      {
        sidPath: 'integration.flow_sid',
        reference: { kind: 'studio-flow', name: 'Inbound SMS', position: { file: 'flows.yaml', line: 6, column: 16 } },
      },
    ]);
    expect(task?.names?.map((name) => [name.sidPath, name.reference.workspace])).toEqual([
      ['integration.workspace_sid', undefined],
      ['integration.workflow_sid', { name: 'Flex Task Assignment' }],
    ]);
    expect(taskBySid?.names?.map((name) => [name.sidPath, name.reference.workspace])).toEqual([
      ['integration.workflow_sid', { sid: WORKSPACE }],
    ]);
    expect(address?.names?.map((name) => [name.sidPath, name.reference.kind, name.reference.name])).toEqual([
      ['auto_creation.conversation_service_sid', 'conversations-service', 'Default Conversations Service'],
      ['auto_creation.studio_flow_sid', 'studio-flow', 'Inbound SMS'],
    ]);
  });

  it('refuses a name and its SID together, a missing one, a name of the wrong type and a bad shape, at file:line:col', async () => {
    const dir = write(
      [
        'friendly_name: Both',
        'chat_service: Chat',
        `chat_service_sid: ${CHAT_SERVICE}`,
        'channel_type: sms',
        'integration_type: studio',
        'integration:',
        '  studio_flow: " Inbound"',
        '---',
        'friendly_name: Neither',
        'channel_type: sms',
        'integration_type: studio',
        'integration:',
        '  workspace: Flex',
        '  retry_count: 1',
        '---',
        'friendly_name: Empty name',
        'chat_service: ""',
        'channel_type: web',
        '',
      ].join('\n'),
    );
    const result = await runCli(['validate', '--dir', '.'], { cwd: dir });
    expect(result).toEqual({
      code: 1,
      stdout: [
        'flows.yaml:2:1: chat_service and chat_service_sid are both given; keep one: the name (resolved to its SID at plan time) or the SID',
        'flows.yaml:7:16: integration.studio_flow must not start or end with whitespace; remove it',
        'flows.yaml:9:1: missing required key "chat_service_sid" (Twilio requires it to create a flow); or give its name as chat_service',
        'flows.yaml:12:1: integration_type studio requires integration.flow_sid (or integration.studio_flow, its name)',
        'flows.yaml:13:3: integration.workspace does not apply to integration_type studio (only to task); remove it',
        'flows.yaml:17:15: chat_service must not be empty; write a value',
        '',
      ].join('\n'),
      stderr: '6 problems in 1 file\n',
    });
  });

  it('suggests the name field for a misspelt one', async () => {
    const dir = write(['friendly_name: Typo', 'chat_servce: Chat', 'channel_type: sms', ''].join('\n'));
    const result = await runCli(['validate', '--dir', '.'], { cwd: dir });
    expect(result.stdout).toContain('flows.yaml:2:1: unknown key "chat_servce"; did you mean "chat_service"?');
  });

  it("migrate moves a name as it moves the SID it stands for, in the SID's place", async () => {
    const dir = write(
      [
        'friendly_name: SMS',
        'chat_service: Flex Chat Service',
        'channel_type: sms',
        'contact_identity: "+15005550006"',
        'integration_type: studio',
        'integration:',
        '  studio_flow: Inbound SMS',
        '',
      ].join('\n'),
    );
    const result = await runCli(['migrate', '--dir', '.'], { cwd: dir });
    expect(result.stdout).toContain(
      '    auto_creation:\n      type: studio\n      conversation_service: Flex Chat Service\n      studio_flow: Inbound SMS\n',
    );
    expect(result.stdout).toContain('flows.yaml:7:3: the Studio Flow Inbound SMS needs its "Incoming Conversation" trigger');
  });
});
