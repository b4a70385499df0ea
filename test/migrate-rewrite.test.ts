import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../src/source/yamlSource.js';
import { readFlowFiles, writeRewrites } from '../src/migrate/files.js';
import { addressConfigurationOf, migrateFlexFlow } from '../src/migrate/mapping.js';
import { rewriteFile } from '../src/migrate/rewrite.js';
import { useTempDir } from './helpers/tempDir.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';

const FIRST = `# yaml-language-server: $schema=../schema/flexflow.schema.json
# The US support line.
friendly_name: SMS Support # as agents know it
# From the var file of each account.
chat_service_sid: '\${CHAT_SERVICE_SID}'
channel_type: sms
contact_identity: "+15005550006"
enabled: true
integration_type: external
# The bot in front of the agents.
integration:
  # The password comes from FLEXFLOW_VAR_HOOK_PASSWORD.
  url: https://bot:\${HOOK_PASSWORD}@hooks.example.com/in
long_lived: false
# End of the SMS flow.
`;
const WEB = `---
# Web chat stays a Flex Flow until Webchat 3.
friendly_name: Web Chat
chat_service_sid: ${CHAT_SERVICE}
channel_type: web
contact_identity: web
integration_type: studio
integration: {flow_sid: ${STUDIO_FLOW}}
`;
const LAST = `--- # WhatsApp
friendly_name: WhatsApp Sales
chat_service_sid: ${CHAT_SERVICE}
channel_type: whatsapp
contact_identity: whatsapp:+15005550008
integration_type: studio
integration:
  flow_sid: ${STUDIO_FLOW}
  retry_count: 1
`;

function rewrite(text: string): string {
  const documents = parseYamlText(text, 'f.yaml').documents;
  return rewriteFile(
    { text, displayPath: 'f.yaml', documents },
    documents.map(migrateFlexFlow).filter((m) => m.outcome !== 'cannot-migrate'),
  );
}

describe('rewriteFile', () => {
  it('replaces each migrating document, keeps the others and the comments around them byte for byte', () => {
    const after = rewrite(FIRST + WEB + LAST);
    expect(after).toBe(`# yaml-language-server: $schema=../schema/flexflow.schema.json
# The US support line.
kind: address-configuration
address: "+15005550006"
type: sms
friendly_name: SMS Support # as agents know it
# The bot in front of the agents.
auto_creation:
  enabled: true
  type: webhook
  # From the var file of each account.
  conversation_service_sid: '\${CHAT_SERVICE_SID}'
  # The password comes from FLEXFLOW_VAR_HOOK_PASSWORD.
  webhook_url: https://bot:\${HOOK_PASSWORD}@hooks.example.com/in
  webhook_method: post
  webhook_filters: [onMessageAdded]
migrated_from:
  flex_flow: SMS Support
# End of the SMS flow.
${WEB}--- # WhatsApp
kind: address-configuration
address: whatsapp:+15005550008
type: whatsapp
friendly_name: WhatsApp Sales
auto_creation:
  type: studio
  conversation_service_sid: ${CHAT_SERVICE}
  studio_flow_sid: ${STUDIO_FLOW}
  studio_retry_count: 1
migrated_from:
  flex_flow: WhatsApp Sales
`);
    expect(after).toContain(WEB);
  });

  it('reads back as the documents the mapping describes, placeholders as written', () => {
    const after = parseYamlText(rewrite(FIRST + WEB + LAST), 'f.yaml');
    const before = parseYamlText(FIRST + WEB + LAST, 'f.yaml').documents;
    expect(after.problems).toEqual([]);
    const expected = before.map((document) => {
      const migration = migrateFlexFlow(document);
      return migration.outcome === 'cannot-migrate' ? document.value : addressConfigurationOf(migration, document.value);
    });
    expect(JSON.parse(JSON.stringify(after.documents.map((d) => d.value)))).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.stringify(after.documents[0]?.value)).toContain('https://bot:${HOOK_PASSWORD}@hooks.example.com/in');
  });

  it.each([
    {
      name: 'a flow-style document after ---',
      text: `--- {friendly_name: A, channel_type: sms, contact_identity: '+1'}\n`,
      expected: `---\nkind: address-configuration\naddress: '+1'\ntype: sms\nfriendly_name: A\nmigrated_from:\n  flex_flow: A\n`,
    },
    {
      name: 'a file without a final newline',
      text: `friendly_name: A\nchannel_type: sms\ncontact_identity: '+1'`,
      expected: `kind: address-configuration\naddress: '+1'\ntype: sms\nfriendly_name: A\nmigrated_from:\n  flex_flow: A`,
    },
    {
      name: 'CRLF line ends',
      text: `friendly_name: A\r\nchannel_type: sms\r\ncontact_identity: '+1'\r\n---\r\nx: 1\r\n`,
      expected: `kind: address-configuration\r\naddress: '+1'\r\ntype: sms\r\nfriendly_name: A\r\nmigrated_from:\r\n  flex_flow: A\r\n---\r\nx: 1\r\n`,
    },
    {
      name: 'an indented top-level mapping',
      text: `---\n  friendly_name: A\n  channel_type: sms\n  contact_identity: '+1'\n`,
      expected: `---\nkind: address-configuration\naddress: '+1'\ntype: sms\nfriendly_name: A\nmigrated_from:\n  flex_flow: A\n`,
    },
  ])('handles $name', ({ text, expected }) => {
    expect(rewrite(text)).toBe(expected);
  });

  it('moves the comments of channel_type and integration_type to the fields made from them', () => {
    const text = `friendly_name: A\n# before channel\nchannel_type: sms # c2\ncontact_identity: '+1'\nintegration_type: studio # c3\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n`;
    expect(rewrite(text)).toBe(
      `kind: address-configuration\naddress: '+1'\n# before channel\ntype: sms # c2\nfriendly_name: A\nauto_creation:\n  type: studio # c3\n  studio_flow_sid: ${STUDIO_FLOW}\nmigrated_from:\n  flex_flow: A\n`,
    );
  });

  it('points a schema line at the Flex Flow schema to the one that takes every kind', () => {
    const text = (schema: string): string =>
      `# yaml-language-server: $schema=${schema}\r\n${WEB.replace(/\n/g, '\r\n')}---\r\nfriendly_name: A\r\nchannel_type: sms\r\ncontact_identity: '+1'\r\n`;
    for (const [before, after] of [
      ['../schema/flex-flow.schema.json', '../schema/flexflow.schema.json'],
      [
        'https://unpkg.com/flexflow-sync@0.1.0/schema/flex-flow.schema.json',
        'https://unpkg.com/flexflow-sync@0.1.0/schema/flexflow.schema.json',
      ],
      ['../schema/flexflow.schema.json', '../schema/flexflow.schema.json'],
      ['../my/own-flex-flow.schema.json.bak', '../my/own-flex-flow.schema.json.bak'],
      ['../my/own-flex-flow.schema.json', '../my/own-flex-flow.schema.json'],
      ['flex-flow.schema.json', 'flexflow.schema.json'],
    ]) {
      expect(rewrite(text(before!)).split('\r\n')[0]).toBe(`# yaml-language-server: $schema=${after!}`);
    }
  });

  it('leaves a file whose flows cannot migrate as it is', () => {
    expect(rewrite(WEB)).toBe(WEB);
  });
});

describe('readFlowFiles and writeRewrites', () => {
  const dir = useTempDir('migrate-files-');

  it('writes the rewritten text, keeping a byte-order mark', async () => {
    const file = path.join(dir(), 'flows', 'a.yaml');
    await mkdir(path.dirname(file));
    await writeFile(file, `\uFEFF${LAST}`);
    const [read] = await readFlowFiles('flows', dir());
    expect(read?.displayPath).toBe('flows/a.yaml');
    await writeRewrites([{ file: read!, text: 'new: text\n' }]);
    expect(await readFile(file, 'utf8')).toBe('\uFEFFnew: text\n');
  });

  it('writes nothing when a file would outgrow the 1 MiB a flow file may hold', async () => {
    await mkdir(path.join(dir(), 'flows'));
    await writeFile(path.join(dir(), 'flows', 'a.yaml'), LAST);
    await writeFile(path.join(dir(), 'flows', 'b.yaml'), LAST);
    const [a, b] = await readFlowFiles('flows', dir());
    await expect(
      writeRewrites([
        { file: a!, text: 'a: 1\n' },
        { file: b!, text: `${'#'.repeat(1024 * 1024)}\n` },
      ]),
    ).rejects.toThrow(
      'flows/b.yaml would grow to 1048577 bytes, over the 1 MiB (1048576 bytes) a flow file may hold; split it into several files and run migrate again; nothing was written',
    );
    expect(await readFile(path.join(dir(), 'flows', 'a.yaml'), 'utf8')).toBe(LAST);
  });

  it('writes nothing when any target changed since it was read, and names it', async () => {
    await mkdir(path.join(dir(), 'flows'));
    await writeFile(path.join(dir(), 'flows', 'a.yaml'), LAST);
    await writeFile(path.join(dir(), 'flows', 'b.yaml'), LAST.replace('+15005550008', '+15005550009'));
    const [a, b] = await readFlowFiles('flows', dir());
    await writeFile(path.join(dir(), 'flows', 'b.yaml'), `${LAST}# edited meanwhile\n`);
    await expect(
      writeRewrites([
        { file: a!, text: 'a: 1\n' },
        { file: b!, text: 'b: 1\n' },
      ]),
    ).rejects.toThrow('flows/b.yaml changed since migrate read it; nothing was written: run migrate again');
    expect(await readFile(path.join(dir(), 'flows', 'a.yaml'), 'utf8')).toBe(LAST);
    expect(await readFile(path.join(dir(), 'flows', 'b.yaml'), 'utf8')).toBe(`${LAST}# edited meanwhile\n`);
  });
});
