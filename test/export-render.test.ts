import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { FlexFlow } from '../src/model/flexFlow.js';
import { buildExport, flowsToYaml, varsToYaml } from '../src/export/render.js';
import { substitute } from '../src/flows/interpolate.js';
import { FW, IS, liveFlow } from './helpers/liveFlow.js';

let counter = 0;

/** A new live flow with no integration and the optional flags unset, unless `fields` sets them. */
function live(fields: Partial<FlexFlow> & { friendly_name: string }): FlexFlow {
  counter += 1;
  return liveFlow(counter, fields.friendly_name, { integration_type: null, integration: null, long_lived: null, janitor_enabled: null, ...fields });
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
          integration: { flow_sid: FW, retry_count: 0, channel: null, url: null },
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
        `chat_service_sid: ${IS}`,
        'contact_identity: "+15550001111"',
        'enabled: true',
        'integration_type: studio',
        'integration:',
        `  flow_sid: ${FW}`,
        '  retry_count: 0',
        'long_lived: false',
        '---',
        'friendly_name: web chat',
        'channel_type: web',
        `chat_service_sid: ${IS}`,
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
    live({ friendly_name: 'Support/SMS', integration_type: 'studio', integration: { flow_sid: FW } }),
    live({ friendly_name: 'support sms' }),
    live({ friendly_name: 'Internal test' }),
  ];

  it('one-file: every flow in flows.yaml', () => {
    const result = buildExport(flows, { ...SCHEMA, layout: 'one-file' });
    expect(result.files.map((f) => [f.name, f.flows])).toEqual([['flows.yaml', ['Internal test', 'Support/SMS', 'support sms']]]);
    expect(result.vars).toBeNull();
  });

  it('per-flow: a safe, collision-free file per flow, each with the schema comment', () => {
    const result = buildExport(flows, { ...SCHEMA, layout: 'per-flow' });
    expect(result.files.map((f) => [f.name, f.flows])).toEqual([
      ['internal-test.yaml', ['Internal test']],
      ['support-sms-2.yaml', ['support sms']],
      ['support-sms.yaml', ['Support/SMS']],
    ]);
    for (const file of result.files) expect(file.content.startsWith('# yaml-language-server: $schema=../schema/flexflow.schema.json\nfriendly_name: ')).toBe(true);
  });

  it('leaves out ignored flows and names them', () => {
    const result = buildExport(flows, { ...SCHEMA, layout: 'one-file', ignore: ['Internal*'] });
    expect(result.ignored).toEqual(['Internal test']);
    expect(result.files[0]?.flows).toEqual(['Support/SMS', 'support sms']);
  });

  it('nothing live: no files', () => {
    expect(buildExport([], { ...SCHEMA, layout: 'one-file' }).files).toEqual([]);
  });

  it('lifts SIDs into variables and returns the var file content', () => {
    const result = buildExport(flows, { ...SCHEMA, layout: 'one-file', liftVars: true });
    expect(result.files[0]?.content).toContain('chat_service_sid: ${CHAT_SERVICE_SID_AAAAAA}\n');
    expect(result.files[0]?.content).toContain('  flow_sid: ${FLOW_SID_BBBBBB}\n');
    expect(varsToYaml(result.vars ?? new Map())).toBe(
      '# Account-specific values for the exported flows (flexflow-sync export --vars).\n' +
        '# Keep one such file per account and pass it with --var-file.\n' +
        `CHAT_SERVICE_SID_AAAAAA: ${IS}\nFLOW_SID_BBBBBB: ${FW}\n`,
    );
  });

  it('notes integration values left out because they do not apply to the type', () => {
    const result = buildExport(
      [
        live({ friendly_name: 'odd', integration_type: 'studio', integration: { flow_sid: FW, channel: 'chat', priority: 2 } }),
        live({ friendly_name: 'fine', integration_type: 'studio', integration: { flow_sid: FW } }),
      ],
      { ...SCHEMA, layout: 'one-file' },
    );
    expect(result.notes).toEqual(['flow "odd": integration.channel, integration.priority not exported: they do not apply to integration_type studio']);
    expect(result.files[0]?.content).not.toContain('channel: chat');
  });

  it('writes a webhook URL with a password as a variable, since the files get committed', () => {
    const result = buildExport(
      [
        live({ friendly_name: 'hook', integration_type: 'external', integration: { url: 'https://bot:s3cret@hooks.example.com/in' } }),
        live({ friendly_name: 'plain', integration_type: 'external', integration: { url: 'https://hooks.example.com/in' } }),
      ],
      { ...SCHEMA, layout: 'one-file' },
    );
    const variable = `WEBHOOK_URL_${(result.files[0]?.content.match(/url: \$\{WEBHOOK_URL_([0-9A-F]{6})\}/) ?? [])[1] ?? 'missing'}`;
    expect(result.notes).toEqual([
      `flow "hook": integration.url holds a password, so it is written as \${${variable}}; set FLEXFLOW_VAR_${variable} to the URL from a secret (never a committed file) before plan`,
    ]);
    expect(result.files[0]?.content).not.toContain('s3cret');
    expect(result.files[0]?.content).toContain('url: https://hooks.example.com/in');
  });

  it('refuses two live flows with one name, naming both SIDs', () => {
    const a = live({ friendly_name: 'twin' });
    const b = live({ friendly_name: 'twin' });
    expect(() => buildExport([a, b], { ...SCHEMA, layout: 'per-flow' })).toThrow(
      `two live flows have the friendly_name "twin" (${a.sid} and ${b.sid}); plans are keyed on friendly_name, so rename or delete one of them in the Console first`,
    );
  });
});
