import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../src/source/yamlSource.js';
import {
  type FlowMigration,
  type Outcome,
  addressConfigurationOf,
  migrateDocuments,
  migrateFlexFlow,
  withAddressConflicts,
} from '../src/migrate/mapping.js';
import { CHAT_SERVICE, STUDIO_FLOW, WORKFLOW, WORKSPACE } from './helpers/fixtures.js';

/** The expected document, in the order migrate writes it. */
function addressDocument(name: string, address: string, type: string, autoCreation?: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'address-configuration',
    address,
    type,
    friendly_name: name,
    ...(autoCreation ? { auto_creation: autoCreation } : {}),
    migrated_from: { flex_flow: name },
  };
}

function migrate(yaml: string): { migration: FlowMigration; flow: unknown } {
  const document = parseYamlText(yaml, 'f.yaml').documents[0];
  if (document === undefined) throw new Error('no document');
  return { migration: migrateFlexFlow(document), flow: document.value };
}

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly outcome: Outcome;
  /** `line:column rule` of each note, in order. */
  readonly notes: readonly string[];
  /** The address configuration document; null when it cannot migrate. */
  readonly document: Record<string, unknown> | null;
  readonly dropped?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'sms + studio with retry_count: every field carried over, the Studio trigger to review',
    yaml: `friendly_name: SMS Support\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\ncontact_identity: '+15005550006'\nenabled: true\nintegration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n  retry_count: 2\n`,
    outcome: 'attention',
    notes: ['8:3 studio-trigger'],
    document: addressDocument('SMS Support', '+15005550006', 'sms', {
      enabled: true,
      type: 'studio',
      conversation_service_sid: CHAT_SERVICE,
      studio_flow_sid: STUDIO_FLOW,
      studio_retry_count: 2,
    }),
  },
  {
    name: 'whatsapp + external: the address keeps its whatsapp: prefix; webhook defaults to review; retry_count dropped',
    yaml: `friendly_name: WA\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: whatsapp\ncontact_identity: whatsapp:+15005550008\nenabled: false\nintegration_type: external\nintegration:\n  url: https://hooks.example.com/in\n  retry_count: 1\n`,
    outcome: 'attention',
    notes: ['8:3 webhook-events', '9:3 no-equivalent'],
    document: addressDocument('WA', 'whatsapp:+15005550008', 'whatsapp', {
      enabled: false,
      type: 'webhook',
      conversation_service_sid: CHAT_SERVICE,
      webhook_url: 'https://hooks.example.com/in',
      webhook_method: 'post',
      webhook_filters: ['onMessageAdded'],
    }),
    dropped: ['/integration/retry_count'],
  },
  {
    name: 'facebook becomes messenger',
    yaml: `friendly_name: FB\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: facebook\ncontact_identity: messenger:123\nintegration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n`,
    outcome: 'attention',
    notes: ['7:3 studio-trigger'],
    document: addressDocument('FB', 'messenger:123', 'messenger', {
      type: 'studio',
      conversation_service_sid: CHAT_SERVICE,
      studio_flow_sid: STUDIO_FLOW,
    }),
  },
  {
    name: 'no integration_type: migrates as it is (nothing routed it to Flex before either)',
    yaml: `friendly_name: Bare\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\ncontact_identity: '+15005550001'\nenabled: true\nlong_lived: false\n`,
    outcome: 'migrates',
    notes: [],
    document: addressDocument('Bare', '+15005550001', 'sms', { enabled: true, conversation_service_sid: CHAT_SERVICE }),
    dropped: ['/long_lived'],
  },
  {
    name: 'long_lived and janitor_enabled off are dropped quietly: only the Studio note',
    yaml: `friendly_name: Quiet\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\ncontact_identity: '+15005550002'\nintegration_type: studio\nintegration: {flow_sid: ${STUDIO_FLOW}}\nlong_lived: false\njanitor_enabled: null\n`,
    outcome: 'attention',
    notes: ['6:15 studio-trigger'],
    document: addressDocument('Quiet', '+15005550002', 'sms', {
      type: 'studio',
      conversation_service_sid: CHAT_SERVICE,
      studio_flow_sid: STUDIO_FLOW,
    }),
    dropped: ['/long_lived', '/janitor_enabled'],
  },
  {
    name: 'long_lived, janitor_enabled on (or a variable) and renamed_from each need attention',
    yaml: `friendly_name: Loud\nchannel_type: sms\ncontact_identity: '+15005550003'\nlong_lived: true\njanitor_enabled: \${JANITOR}\nrenamed_from: [Old]\n`,
    outcome: 'attention',
    notes: ['4:1 no-equivalent', '5:1 no-equivalent', '6:1 renamed-from'],
    document: {
      kind: 'address-configuration',
      address: '+15005550003',
      type: 'sms',
      friendly_name: 'Loud',
      migrated_from: { flex_flow: 'Loud' },
    },
    dropped: ['/long_lived', '/janitor_enabled', '/renamed_from'],
  },
  {
    name: 'variables are kept as written, never resolved (a webhook password stays a placeholder)',
    yaml: `friendly_name: \${NAME}\nchat_service_sid: \${CHAT}\nchannel_type: sms\ncontact_identity: \${NUMBER}\nenabled: \${ON}\nintegration_type: external\nintegration:\n  url: https://bot:\${HOOK_PASSWORD}@hooks.example.com/in\n`,
    outcome: 'attention',
    notes: ['8:3 webhook-events'],
    document: addressDocument('${NAME}', '${NUMBER}', 'sms', {
      enabled: '${ON}',
      type: 'webhook',
      conversation_service_sid: '${CHAT}',
      webhook_url: 'https://bot:${HOOK_PASSWORD}@hooks.example.com/in',
      webhook_method: 'post',
      webhook_filters: ['onMessageAdded'],
    }),
  },
  {
    name: 'null values stay managed as empty',
    yaml: `friendly_name: Nulls\nchat_service_sid: null\nchannel_type: sms\ncontact_identity: '+15005550004'\nenabled: null\nintegration_type: studio\nintegration: {flow_sid: ${STUDIO_FLOW}, retry_count: null}\n`,
    outcome: 'attention',
    notes: ['7:15 studio-trigger'],
    document: addressDocument('Nulls', '+15005550004', 'sms', {
      enabled: null,
      type: 'studio',
      conversation_service_sid: null,
      studio_flow_sid: STUDIO_FLOW,
      studio_retry_count: null,
    }),
  },
  {
    name: 'task cannot migrate',
    yaml: `friendly_name: Task\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\ncontact_identity: '+15005550005'\nintegration_type: task\nintegration:\n  workspace_sid: ${WORKSPACE}\n  workflow_sid: ${WORKFLOW}\n  creation_on_message: true\n`,
    outcome: 'cannot-migrate',
    notes: ['5:1 task-integration'],
    document: null,
  },
  {
    name: 'web cannot migrate (Webchat 3 is set up in the Console)',
    yaml: `friendly_name: Web\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\ncontact_identity: web\nintegration_type: studio\nintegration: {flow_sid: ${STUDIO_FLOW}}\n`,
    outcome: 'cannot-migrate',
    notes: ['3:1 web-channel'],
    document: null,
  },
  {
    name: 'line cannot migrate',
    yaml: `friendly_name: Line\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: line\ncontact_identity: line:x\n`,
    outcome: 'cannot-migrate',
    notes: ['3:1 no-address-type'],
    document: null,
  },
  {
    name: 'custom cannot migrate',
    yaml: `friendly_name: Custom\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: custom\ncontact_identity: x\n`,
    outcome: 'cannot-migrate',
    notes: ['3:1 no-address-type'],
    document: null,
  },
  {
    name: 'no contact_identity: no address',
    yaml: `friendly_name: Nobody\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\nintegration_type: studio\nintegration: {flow_sid: ${STUDIO_FLOW}}\n`,
    outcome: 'cannot-migrate',
    notes: ['1:1 no-address'],
    document: null,
  },
  {
    name: 'channel_type and integration_type written as variables: migrate cannot choose the types',
    yaml: `friendly_name: Vars\nchannel_type: \${CHANNEL}\ncontact_identity: '+15005550009'\nintegration_type: \${KIND}\n`,
    outcome: 'cannot-migrate',
    notes: ['2:1 variable-kind', '4:1 variable-kind'],
    document: null,
  },
  {
    name: 'a Chat service by name: moved as conversation_service, with a note that plan looks it up among the Conversations services',
    yaml: `friendly_name: Named\nchat_service: Flex Chat Service\nchannel_type: sms\ncontact_identity: '+15005550009'\n`,
    outcome: 'attention',
    notes: ['2:1 service-name'],
    document: addressDocument('Named', '+15005550009', 'sms', { conversation_service: 'Flex Chat Service' }),
  },
];

describe('migrateFlexFlow', () => {
  it.each(CASES)('$name', ({ yaml, outcome, notes, document, dropped }) => {
    const { migration, flow } = migrate(yaml);
    expect({
      outcome: migration.outcome,
      notes: migration.notes.map((note) => `${note.line}:${note.column} ${note.rule}`),
      document: migration.outcome === 'cannot-migrate' ? null : addressConfigurationOf(migration, flow),
      dropped: migration.dropped,
    }).toEqual({ outcome, notes, document, dropped: outcome === 'cannot-migrate' ? [] : (dropped ?? []) });
  });

  it("lists the document keys in the field tables' order, kind first and migrated_from last", () => {
    const { migration, flow } = migrate(CASES[1]!.yaml);
    const document = addressConfigurationOf(migration, flow);
    expect(Object.keys(document)).toEqual(['kind', 'address', 'type', 'friendly_name', 'auto_creation', 'migrated_from']);
    expect(Object.keys(document.auto_creation as object)).toEqual([
      'enabled',
      'type',
      'conversation_service_sid',
      'webhook_url',
      'webhook_method',
      'webhook_filters',
    ]);
  });

  it('notes are one printable line without the webhook password, naming the file', () => {
    const { migration } = migrate(
      `friendly_name: "A\\u202e"\nchannel_type: sms\ncontact_identity: '+1'\nintegration_type: external\nintegration:\n  url: https://u:hunter2@h.example/x\n  retry_count: 3\n`,
    );
    for (const note of migration.notes) {
      expect(note.file).toBe('f.yaml');
      expect(note.message).not.toMatch(/hunter2|\n|\u202e/);
    }
  });
});

describe('withAddressConflicts', () => {
  const flow = (name: string, address: string, line: number): FlowMigration => {
    const { migration } = migrate(
      `${'\n'.repeat(line - 1)}friendly_name: ${name}\nchannel_type: sms\ncontact_identity: '${address}'\nintegration_type: studio\nintegration: {flow_sid: ${STUDIO_FLOW}}\n`,
    );
    return migration;
  };

  it('two flows with one address both cannot migrate, each naming the other', () => {
    const result = withAddressConflicts([flow('A', '+1555', 1), flow('B', '+1555', 10), flow('C', '+1666', 20)], []);
    expect(result.map((m) => [m.friendlyName, m.outcome, m.notes.map((n) => n.message)])).toEqual([
      [
        'A',
        'cannot-migrate',
        ['address "+1555" is also claimed by flow "B" at f.yaml:12:1; an address holds one configuration: keep one of them'],
      ],
      [
        'B',
        'cannot-migrate',
        ['address "+1555" is also claimed by flow "A" at f.yaml:3:1; an address holds one configuration: keep one of them'],
      ],
      ['C', 'attention', [expect.stringContaining('Incoming Conversation')]],
    ]);
  });

  it('a flow whose address an address configuration already declares cannot migrate', () => {
    const [result] = withAddressConflicts(
      [flow('A', '+1555', 1)],
      [{ address: '+1555', at: { file: 'g.yaml', line: 4, column: 10 }, by: 'an address configuration' }],
    );
    expect(result?.outcome).toBe('cannot-migrate');
    expect(result?.notes.map((n) => `${n.line}:${n.column} ${n.message}`)).toEqual([
      '3:1 address "+1555" is also claimed by an address configuration at g.yaml:4:10; an address holds one configuration: keep one of them',
    ]);
  });

  it('a flow that cannot migrate claims no address', () => {
    const web = migrate(`friendly_name: W\nchannel_type: web\ncontact_identity: '+1555'\n`).migration;
    const [, other] = withAddressConflicts([web, flow('A', '+1555', 10)], []);
    expect(other?.outcome).toBe('attention');
  });
});

describe('migrateDocuments', () => {
  it('maps the Flex Flows of every file (kind absent or flex-flow), and declared address configurations claim their address', () => {
    const file = (name: string, yaml: string) => ({ file: name, documents: parseYamlText(yaml, name).documents });
    const result = migrateDocuments([
      file(
        'a.yaml',
        `kind: flex-flow\nfriendly_name: A\nchannel_type: sms\ncontact_identity: '+1'\n---\nkind: address-configuration\naddress: '+2'\ntype: sms\n`,
      ),
      file('b.yaml', `friendly_name: B\nchannel_type: sms\ncontact_identity: '+2'\n`),
    ]);
    expect(
      result.map(({ file, migration }) => [file, migration.friendlyName, migration.outcome, migration.notes.map((n) => n.rule)]),
    ).toEqual([
      ['a.yaml', 'A', 'migrates', []],
      ['b.yaml', 'B', 'cannot-migrate', ['address-taken']],
    ]);
  });
});
