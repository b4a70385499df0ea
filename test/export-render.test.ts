import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { FlexFlow } from '../src/model/flexFlow.js';
import type { LiveResource } from '../src/model/kind.js';
import { buildExport, flowsToYaml, varsToYaml } from '../src/export/render.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stamped } from '../src/export/stamp.js';
import { substitute } from '../src/flows/interpolate.js';
import { loadFlows } from '../src/flows/load.js';
import { useTempDir } from './helpers/tempDir.js';
import { CHAT_SERVICE, liveFlow, STUDIO_FLOW } from './helpers/fixtures.js';

let counter = 0;

/** A new live flow with no integration and the optional flags unset, unless `fields` sets them. */
function live(fields: Partial<FlexFlow> & { friendly_name: string }): LiveResource {
  counter += 1;
  return liveFlow(counter, fields.friendly_name, {
    integration_type: null,
    integration: null,
    long_lived: null,
    janitor_enabled: null,
    ...fields,
  }) as unknown as LiveResource;
}

const SCHEMA = { schemaRef: '../schema/flexflow.schema.json' };

describe('flowsToYaml', () => {
  it('writes the schema comment, then one document per flow sorted by name, fields in order, empties omitted', () => {
    const text = flowsToYaml(
      [
        live({ friendly_name: 'web chat', enabled: false, janitor_enabled: true }),
        live({
          friendly_name: 'SMS support',
          channel_type: 'sms',
          contact_identity: '+15550001111',
          integration_type: 'studio',
          integration: { flow_sid: STUDIO_FLOW, retry_count: 0, channel: null, url: null },
          long_lived: false,
        }),
      ],
      SCHEMA,
    );
    expect(text).toBe(
      [
        '# yaml-language-server: $schema=../schema/flexflow.schema.json',
        'friendly_name: SMS support',
        'channel_type: sms',
        `chat_service_sid: ${CHAT_SERVICE}`,
        'contact_identity: "+15550001111"',
        'enabled: true',
        'integration_type: studio',
        'integration:',
        `  flow_sid: ${STUDIO_FLOW}`,
        '  retry_count: 0',
        'long_lived: false',
        '---',
        'friendly_name: web chat',
        'channel_type: web',
        `chat_service_sid: ${CHAT_SERVICE}`,
        'enabled: false',
        'janitor_enabled: true',
        '',
      ].join('\n'),
    );
  });

  it.each([
    'yes',
    'null',
    '123',
    '0x1F',
    '- dash',
    '#hash',
    'key: value',
    '"quoted"',
    "it's",
    'multi\nline',
    ' padded ',
    '${NOT_A_VAR}',
    '$${ALREADY}',
    '日本語 🚀',
    '@at `tick` |pipe',
    '../../etc/passwd',
  ])('a friendly name reads back as itself: %j', (name) => {
    const docs = parseAllDocuments(flowsToYaml([live({ friendly_name: name, contact_identity: name })], SCHEMA));
    expect(docs).toHaveLength(1);
    const value = docs[0]?.toJS() as { friendly_name: string; contact_identity: string };
    expect(substitute(value.friendly_name, new Map()).text).toBe(name);
    expect(substitute(value.contact_identity, new Map()).text).toBe(name);
  });
});

describe('buildExport', () => {
  const flows = [
    live({ friendly_name: 'Support/SMS', integration_type: 'studio', integration: { flow_sid: STUDIO_FLOW } }),
    live({ friendly_name: 'support sms' }),
    live({ friendly_name: 'Internal test' }),
  ];

  it('one-file: every flow in flows.yaml', () => {
    const result = buildExport({ 'flex-flow': flows }, { ...SCHEMA, layout: 'one-file' });
    expect(result.files.map((f) => [f.name, f.keys])).toEqual([['flows.yaml', ['Internal test', 'Support/SMS', 'support sms']]]);
    expect(result.vars).toBeNull();
  });

  it('per-flow: a safe, collision-free file per flow, each with the schema comment', () => {
    const result = buildExport({ 'flex-flow': flows }, { ...SCHEMA, layout: 'per-flow' });
    expect(result.files.map((f) => [f.name, f.keys])).toEqual([
      ['internal-test.yaml', ['Internal test']],
      ['support-sms-2.yaml', ['support sms']],
      ['support-sms.yaml', ['Support/SMS']],
    ]);
    for (const file of result.files)
      expect(file.content).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/schema\/flexflow\.schema\.json\n# Written by flexflow-sync export \(sha256 [0-9a-f]{16}\)[^\n]*\nfriendly_name: /,
      );
  });

  it('leaves out ignored flows and names them', () => {
    const result = buildExport({ 'flex-flow': flows }, { ...SCHEMA, layout: 'one-file', ignore: ['Internal*'] });
    expect(result.ignored).toEqual(['Internal test']);
    expect(result.files[0]?.keys).toEqual(['Support/SMS', 'support sms']);
  });

  it('nothing live: no files', () => {
    expect(buildExport({}, { ...SCHEMA, layout: 'one-file' }).files).toEqual([]);
  });

  it('lifts SIDs into variables and returns the var file content', () => {
    const result = buildExport({ 'flex-flow': flows }, { ...SCHEMA, layout: 'one-file', liftVars: true });
    expect(result.files[0]?.content).toContain('chat_service_sid: ${CHAT_SERVICE_SID}\n');
    expect(result.files[0]?.content).toContain('  flow_sid: ${FLOW_SID}\n');
    expect(varsToYaml(result.vars ?? new Map())).toBe(
      '# Account-specific values for the exported flows (flexflow-sync export --vars): SIDs and webhook secrets.\n' +
        '# One such file per account, passed with --var-file; keep it out of git (.gitignore) and give CI its copy from a secret.\n' +
        `CHAT_SERVICE_SID: ${CHAT_SERVICE}\nFLOW_SID: ${STUDIO_FLOW}\n`,
    );
  });

  it('notes integration values left out because they do not apply to the type', () => {
    const result = buildExport(
      {
        'flex-flow': [
          live({ friendly_name: 'odd', integration_type: 'studio', integration: { flow_sid: STUDIO_FLOW, channel: 'chat', priority: 2 } }),
          live({ friendly_name: 'fine', integration_type: 'studio', integration: { flow_sid: STUDIO_FLOW } }),
        ],
      },
      { ...SCHEMA, layout: 'one-file' },
    );
    expect(result.notes).toEqual([
      'flow "odd": integration.channel, integration.priority not exported: they do not apply to integration_type studio',
    ]);
    expect(result.files[0]?.content).not.toContain('channel: chat');
  });

  it('writes the credentials of a webhook URL as a variable named after the flow, since the files get committed', () => {
    const result = buildExport(
      {
        'flex-flow': [
          live({ friendly_name: 'hook', integration_type: 'external', integration: { url: 'https://bot:s3cret@hooks.example.com/in' } }),
          live({ friendly_name: 'plain', integration_type: 'external', integration: { url: 'https://hooks.example.com/in' } }),
        ],
      },
      { ...SCHEMA, layout: 'one-file' },
    );
    expect(result.notes).toEqual([
      'flow "hook": integration.url holds a secret, written as ${WEBHOOK_CREDENTIALS_HOOK}; set FLEXFLOW_VAR_WEBHOOK_CREDENTIALS_HOOK from a secret before plan',
    ]);
    expect(result.files[0]?.content).not.toContain('s3cret');
    expect(result.files[0]?.content).toContain('url: https://${WEBHOOK_CREDENTIALS_HOOK}@hooks.example.com/in\n');
    expect(result.files[0]?.content).toContain('url: https://hooks.example.com/in\n');
    expect(result.vars).toBeNull();
  });

  it('with --vars, webhook secrets go to the var file: credentials, secret-looking query values, an odd spelling whole', () => {
    const url = (friendly_name: string, value: string): LiveResource =>
      live({ friendly_name, integration_type: 'external', integration: { url: value } });
    const result = buildExport(
      {
        'flex-flow': [
          url('Sales Bot', 'https://bot:s3cret@hooks.example.com/in?token=t0k&x=1&api_key=k3y#frag'),
          url('odd', 'https:/u:p4ss@hooks.example.com/in'),
          url('price ${x}', 'https://hooks.example.com/in?sig=a${b}'),
          url('fine', 'https://hooks.example.com/in?page=2&lang=x'),
        ],
      },
      { ...SCHEMA, layout: 'one-file', liftVars: true },
    );
    const content = result.files[0]?.content ?? '';
    for (const secret of ['s3cret', 't0k', 'k3y', 'p4ss', 'a$']) expect(content).not.toContain(secret);
    expect(content).toContain(
      'url: https://${WEBHOOK_CREDENTIALS_SALES_BOT}@hooks.example.com/in?token=${WEBHOOK_TOKEN_SALES_BOT}&x=1&api_key=${WEBHOOK_API_KEY_SALES_BOT}#frag\n',
    );
    expect(content).toContain('url: ${WEBHOOK_URL_ODD}\n');
    expect(content).toContain('url: https://hooks.example.com/in?page=2&lang=x\n');
    expect([...(result.vars ?? new Map())]).toEqual([
      ['CHAT_SERVICE_SID', CHAT_SERVICE],
      ['WEBHOOK_API_KEY_SALES_BOT', 'k3y'],
      ['WEBHOOK_CREDENTIALS_SALES_BOT', 'bot:s3cret'],
      ['WEBHOOK_SIG_PRICE_X', 'a${b}'],
      ['WEBHOOK_TOKEN_SALES_BOT', 't0k'],
      ['WEBHOOK_URL_ODD', 'https:/u:p4ss@hooks.example.com/in'],
    ]);
    expect(result.secretCount).toBe(5);
    expect(result.notes[0]).toBe(
      'flow "Sales Bot": integration.url holds a secret, written as ${WEBHOOK_CREDENTIALS_SALES_BOT} and ${WEBHOOK_TOKEN_SALES_BOT} and ${WEBHOOK_API_KEY_SALES_BOT}; its value is in the var file',
    );
  });

  it('two ignored live flows with one name are no concern of export', () => {
    const result = buildExport(
      { 'flex-flow': [live({ friendly_name: 'tmp' }), live({ friendly_name: 'tmp' }), live({ friendly_name: 'kept' })] },
      { ...SCHEMA, layout: 'one-file', ignore: ['tmp'] },
    );
    expect(result.ignored).toEqual(['tmp', 'tmp']);
    expect(result.files[0]?.keys).toEqual(['kept']);
  });

  it('refuses two live flows with one name, naming both SIDs', () => {
    const a = live({ friendly_name: 'twin' });
    const b = live({ friendly_name: 'twin' });
    expect(() => buildExport({ 'flex-flow': [a, b] }, { ...SCHEMA, layout: 'per-flow' })).toThrow(
      `two live flows have the friendly_name "twin" (${a.sid} and ${b.sid}); plans are keyed on friendly_name, so rename or delete one of them in the Console first`,
    );
  });
});

describe('buildExport with address configurations', () => {
  const IG = (n: number): string => `IG${n.toString(16).padStart(32, '0')}`;
  const address = (n: number, fields: Record<string, unknown>): LiveResource => ({
    sid: IG(n),
    account_sid: `AC${'0'.repeat(32)}`,
    type: 'sms',
    address: `+1500555000${n}`,
    friendly_name: null,
    auto_creation: { enabled: false },
    date_created: '2026-01-01T00:00:00Z',
    date_updated: '2026-01-02T00:00:00Z',
    url: `https://conversations.twilio.com/v1/Configuration/Addresses/${IG(n)}`,
    address_country: null,
    ...fields,
  });
  const both = {
    'flex-flow': [live({ friendly_name: 'whatsapp-+15005550001' })],
    'address-configuration': [
      address(2, {
        address: 'whatsapp:+15005550001',
        type: 'whatsapp',
        auto_creation: { type: 'studio', studio_flow_sid: STUDIO_FLOW, webhook_method: 'POST' },
      }),
      address(1, { address: 'support@example.com', type: 'email', friendly_name: 'Mail ${x}' }),
    ],
  };

  it('one-file: a file per kind, each sorted by key; address configurations say their kind', () => {
    const result = buildExport(both, { ...SCHEMA, layout: 'one-file' });
    expect(result.files.map((f) => [f.name, f.kind.name, f.keys])).toEqual([
      ['address-configurations.yaml', 'address-configuration', ['support@example.com', 'whatsapp:+15005550001']],
      ['flows.yaml', 'flex-flow', ['whatsapp-+15005550001']],
    ]);
    expect(result.files[0]?.content).toBe(
      stamped(
        [
          '# yaml-language-server: $schema=../schema/flexflow.schema.json',
          'kind: address-configuration',
          'address: support@example.com',
          'type: email',
          'friendly_name: Mail $${x}',
          'auto_creation:',
          '  enabled: false',
          '---',
          'kind: address-configuration',
          'address: whatsapp:+15005550001',
          'type: whatsapp',
          'auto_creation:',
          '  type: studio',
          `  studio_flow_sid: ${STUDIO_FLOW}`,
          '',
        ].join('\n'),
      ),
    );
    expect(result.notes).toEqual([
      'address configuration "whatsapp:+15005550001": auto_creation.webhook_method not exported: it does not apply to auto_creation.type studio',
    ]);
  });

  it('per-flow: one file per address, named from it, with the same collision handling across kinds', () => {
    const result = buildExport(both, { ...SCHEMA, layout: 'per-flow' });
    expect(result.files.map((f) => [f.name, f.keys])).toEqual([
      ['support@example.com.yaml', ['support@example.com']],
      ['whatsapp-+15005550001-2.yaml', ['whatsapp:+15005550001']],
      ['whatsapp-+15005550001.yaml', ['whatsapp-+15005550001']],
    ]);
  });

  const dir = useTempDir('export-render-');

  it('what it writes loads back without a problem, as the same values', async () => {
    for (const file of buildExport(both, { ...SCHEMA, layout: 'one-file' }).files)
      await writeFile(path.join(dir(), file.name), file.content);
    const loaded = await loadFlows({ dir: '.', cwd: dir(), env: {} });
    expect(loaded.problems).toEqual([]);
    expect(loaded.resources.map((resource) => [resource.kind, resource.fields])).toEqual([
      [
        'address-configuration',
        { address: 'support@example.com', type: 'email', friendly_name: 'Mail ${x}', auto_creation: { enabled: false } },
      ],
      [
        'address-configuration',
        { address: 'whatsapp:+15005550001', type: 'whatsapp', auto_creation: { type: 'studio', studio_flow_sid: STUDIO_FLOW } },
      ],
      ['flex-flow', { friendly_name: 'whatsapp-+15005550001', chat_service_sid: CHAT_SERVICE, channel_type: 'web', enabled: true }],
    ]);
  });

  it('only the kinds asked for', () => {
    const result = buildExport({ 'address-configuration': both['address-configuration'] }, { ...SCHEMA, layout: 'one-file' });
    expect(result.files.map((f) => f.name)).toEqual(['address-configurations.yaml']);
  });

  it('a webhook password becomes a variable in the var file; the new SID fields are lifted', () => {
    const result = buildExport(
      {
        'address-configuration': [
          address(3, {
            auto_creation: {
              type: 'webhook',
              webhook_url: 'https://bot:s3cret@hooks.example.com/in',
              conversation_service_sid: CHAT_SERVICE,
            },
          }),
        ],
      },
      { ...SCHEMA, layout: 'one-file', liftVars: true },
    );
    const content = result.files[0]?.content ?? '';
    expect(content).not.toContain('s3cret');
    expect(content).toContain('  webhook_url: https://${WEBHOOK_CREDENTIALS_15005550003}@hooks.example.com/in\n');
    expect(content).toContain('  conversation_service_sid: ${CONVERSATION_SERVICE_SID}\n');
    expect(result.notes).toEqual([
      'address configuration "+15005550003": auto_creation.webhook_url holds a secret, written as ${WEBHOOK_CREDENTIALS_15005550003}; its value is in the var file',
    ]);
    expect([...(result.vars ?? new Map())]).toEqual([
      ['CONVERSATION_SERVICE_SID', CHAT_SERVICE],
      ['WEBHOOK_CREDENTIALS_15005550003', 'bot:s3cret'],
    ]);
  });

  it('a webhook URL left out (it does not apply to the type) needs no variable, nor a note about one', () => {
    const result = buildExport(
      {
        'address-configuration': [
          address(4, {
            auto_creation: { type: 'studio', studio_flow_sid: STUDIO_FLOW, webhook_url: 'https://bot:s3cret@hooks.example.com/in' },
          }),
        ],
      },
      { ...SCHEMA, layout: 'one-file' },
    );
    expect(result.files[0]?.content).not.toContain('webhook_url');
    expect(result.notes).toEqual([
      'address configuration "+15005550004": auto_creation.webhook_url not exported: it does not apply to auto_creation.type studio',
    ]);
  });

  it('refuses two live configurations with one address, naming both SIDs', () => {
    expect(() =>
      buildExport(
        { 'address-configuration': [address(1, {}), address(2, { address: '+15005550001' })] },
        { ...SCHEMA, layout: 'one-file' },
      ),
    ).toThrow(
      `two live address configurations have the address "+15005550001" (${IG(1)} and ${IG(2)}); plans are keyed on address, so delete one of them in the Console first`,
    );
  });
});
