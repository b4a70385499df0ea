import { execFileSync } from 'node:child_process';
import { mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../src/flows/load.js';
import { formatProblem } from '../src/source/problems.js';
import { buildKindSchema } from '../src/flows/schema.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { generatedFiles } from '../scripts/schemaFiles.js';
import { Ajv } from 'ajv';
import { CHAT_SERVICE, STUDIO_FLOW, WORKFLOW, WORKSPACE } from './helpers/fixtures.js';
import { useTempDir } from './helpers/tempDir.js';

/** A valid flow; lines 1-3, friendly_name's value at column 16. */
const base = (name = 'A'): string => `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`;

const tempDir = useTempDir('ffs-flows-');

/** Writes `files` under <tmp>/flows and loads them; returns `file:line:col: [rule] message` lines. */
type Files = Readonly<Record<string, string | Buffer | undefined>>;

async function load(files: Files, options: { env?: Record<string, string> | undefined; varFile?: string } = {}) {
  const root = tempDir();
  await mkdir(join(root, 'flows'));
  for (const [name, content] of Object.entries(files)) {
    if (content === undefined) continue;
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), content);
  }
  const result = await loadFlows({
    dir: 'flows',
    cwd: root,
    env: options.env ?? {},
    ...(options.varFile ? { varFile: options.varFile } : {}),
  });
  return { ...result, lines: result.problems.map((p) => `${p.file}:${p.line}:${p.column}: [${p.rule}] ${p.message}`), root };
}

describe('loadFlows rules', () => {
  it.each([
    { name: 'valid', files: { 'flows/a.yaml': base() }, expected: [] },
    {
      name: 'yaml-syntax',
      files: { 'flows/a.yaml': 'a: [1\n' },
      expected: [
        'flows/a.yaml:2:1: [yaml-syntax] YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    },
    {
      name: 'unknown-key',
      files: { 'flows/a.yaml': `${base()}frendly_nam: x\n` },
      expected: ['flows/a.yaml:4:1: [unknown-key] unknown key "frendly_nam"; did you mean "friendly_name"?'],
    },
    {
      name: 'unknown-key at the wrong level',
      files: { 'flows/a.yaml': `${base()}retry_count: 1\n` },
      expected: ['flows/a.yaml:4:1: [unknown-key] unknown key "retry_count"; did you mean "integration.retry_count"?'],
    },
    {
      name: 'required',
      files: { 'flows/a.yaml': 'friendly_name: A\nchannel_type: web\n' },
      expected: [
        'flows/a.yaml:1:1: [required] missing required key "chat_service_sid" (Twilio requires it to create a flow); or give its name as chat_service',
      ],
    },
    {
      name: 'type',
      files: { 'flows/a.yaml': `${base()}enabled: yes\n` },
      expected: ['flows/a.yaml:4:10: [type] enabled must be true or false, got "yes"'],
    },
    {
      name: 'type: a phone number YAML reads as a number',
      files: { 'flows/a.yaml': `${base()}contact_identity: +15005550006\n` },
      expected: [
        'flows/a.yaml:4:19: [type] contact_identity must be text, got 15005550006; put the value in quotes so that YAML reads it as text',
      ],
    },
    {
      name: 'pattern (SID)',
      files: { 'flows/a.yaml': 'friendly_name: A\nchat_service_sid: IS12\nchannel_type: web\n' },
      expected: ['flows/a.yaml:2:19: [pattern] chat_service_sid must be "IS" followed by 32 hex digits, got "IS12"'],
    },
    {
      name: 'enum',
      files: { 'flows/a.yaml': `friendly_name: A\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: email\n` },
      expected: ['flows/a.yaml:3:15: [enum] channel_type must be one of web, sms, facebook, whatsapp, line, custom; got "email"'],
    },
    {
      name: 'range',
      files: { 'flows/a.yaml': `${base()}integration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n  retry_count: 4\n` },
      expected: ['flows/a.yaml:7:16: [range] integration.retry_count must be between 0 and 3, got 4'],
    },
    {
      name: 'integration-required',
      files: { 'flows/a.yaml': `${base()}integration_type: task\nintegration:\n  channel: chat\n` },
      expected: [
        'flows/a.yaml:5:1: [integration-required] integration_type task requires integration.workflow_sid (or integration.workflow, its name)',
        'flows/a.yaml:5:1: [integration-required] integration_type task requires integration.workspace_sid (or integration.workspace, its name)',
      ],
    },
    {
      name: 'integration-required without integration',
      files: { 'flows/a.yaml': `${base()}integration_type: studio\n` },
      expected: [
        'flows/a.yaml:4:19: [integration-required] integration_type studio requires integration.flow_sid (or integration.studio_flow, its name)',
      ],
    },
    {
      name: 'not-applicable',
      files: {
        'flows/a.yaml': `${base()}integration_type: task\nintegration:\n  workspace_sid: ${WORKSPACE}\n  workflow_sid: ${WORKFLOW}\n  retry_count: 1\n`,
      },
      expected: [
        'flows/a.yaml:8:3: [not-applicable] integration.retry_count does not apply to integration_type task (only to studio, external); remove it',
      ],
    },
    {
      name: 'integration-type-missing',
      files: { 'flows/a.yaml': `${base()}integration:\n  flow_sid: ${STUDIO_FLOW}\n` },
      expected: [
        'flows/a.yaml:4:1: [integration-type-missing] integration is set but integration_type is not; add integration_type (studio, external, task)',
      ],
    },
    {
      name: 'url: http to a remote host',
      files: { 'flows/a.yaml': `${base()}integration_type: external\nintegration:\n  url: http://x.example/in\n` },
      expected: [
        'flows/a.yaml:6:8: [url] integration.url must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])',
      ],
    },
    {
      name: 'url: relative',
      files: { 'flows/a.yaml': `${base()}integration_type: external\nintegration:\n  url: /in\n` },
      expected: [
        'flows/a.yaml:6:8: [url] integration.url must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])',
      ],
    },
    {
      name: 'url: http to loopback is fine',
      files: { 'flows/a.yaml': `${base()}integration_type: external\nintegration:\n  url: http://127.0.0.1:8080/in\n` },
      expected: [],
    },
    {
      name: 'duplicate-name across files',
      files: { 'flows/a.yaml': base('Same'), 'flows/sub/b.yml': base('Same') },
      expected: ['flows/sub/b.yml:1:16: [duplicate-name] duplicate friendly_name "Same": also declared at flows/a.yaml:1:16'],
    },
    {
      name: 'unresolved-variable',
      files: { 'flows/a.yaml': `${base()}contact_identity: \${NUMBER}\n` },
      expected: [
        'flows/a.yaml:4:19: [unresolved-variable] unresolved variable ${NUMBER}: set FLEXFLOW_VAR_NUMBER in the environment or NUMBER in the --var-file',
      ],
    },
    {
      name: 'unresolved variables are reported once, not again by the checks of their value',
      files: {
        'flows/a.yaml':
          'friendly_name: A\nchat_service_sid: ${CHAT}\nchannel_type: web\nintegration_type: external\nintegration:\n  url: ${HOOK}\n  retry_count: ${RETRY}\n',
      },
      expected: [
        'flows/a.yaml:2:19: [unresolved-variable] unresolved variable ${CHAT}: set FLEXFLOW_VAR_CHAT in the environment or CHAT in the --var-file',
        'flows/a.yaml:6:8: [unresolved-variable] unresolved variable ${HOOK}: set FLEXFLOW_VAR_HOOK in the environment or HOOK in the --var-file',
        'flows/a.yaml:7:16: [unresolved-variable] unresolved variable ${RETRY}: set FLEXFLOW_VAR_RETRY in the environment or RETRY in the --var-file',
      ],
    },
    {
      name: 'variable-syntax',
      files: { 'flows/a.yaml': `${base()}contact_identity: \${1X}\n` },
      expected: [
        'flows/a.yaml:4:19: [variable-syntax] malformed variable "${1X}": write ${NAME} with a letter, digit or _ name, or $${ for a literal ${',
      ],
    },
    {
      name: 'typed variable that is not a number',
      files: { 'flows/a.yaml': `${base()}integration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n  retry_count: \${RETRY}\n` },
      env: { FLEXFLOW_VAR_RETRY: 'two' },
      expected: ['flows/a.yaml:7:16: [type] integration.retry_count must be a whole number, got "two" (from "${RETRY}")'],
    },
    {
      name: 'renamed-from-collision with a declared name',
      files: { 'flows/a.yaml': `${base('New')}renamed_from: [Old]\n---\n${base('Old')}` },
      expected: [
        'flows/a.yaml:4:16: [renamed-from-collision] renamed_from "Old" is the friendly_name declared at flows/a.yaml:6:16; a flow cannot be renamed from a name that is still declared',
      ],
    },
    {
      name: 'renamed-from-collision between two flows',
      files: { 'flows/a.yaml': `${base('X')}renamed_from: [Old]\n`, 'flows/b.yaml': `${base('Y')}renamed_from:\n  - Old\n` },
      expected: [
        'flows/b.yaml:5:5: [renamed-from-collision] renamed_from "Old" is also listed at flows/a.yaml:4:16; only one flow can be renamed from a name',
      ],
    },
    {
      name: 'contact-identity-conflict between two enabled flows, whatever the variables',
      files: {
        'flows/a.yaml': `${base('A')}contact_identity: "+15550001111"\nenabled: true\n`,
        'flows/b.yaml': `${base('B')}contact_identity: \${NUMBER}\nenabled: true\n---\n${base('C')}contact_identity: "+15550001111"\nenabled: false\n`,
        'flows/c.yaml': `${base('D')}contact_identity: "+15550001111"\nenabled: true\nintegration_type: external\nintegration:\n  url: https://example.com/in\n`,
      },
      env: { FLEXFLOW_VAR_NUMBER: '+15550001111' } as Record<string, string>,
      expected: [
        'flows/b.yaml:4:19: [contact-identity-conflict] contact_identity "+15550001111" with no declared integration_type is also used by the enabled flow "A" at flows/a.yaml:4:19; Twilio refuses two enabled flows alike: disable one or give it another contact_identity',
      ],
    },
    {
      name: 'not-a-mapping',
      files: { 'flows/a.yaml': '- a\n- b\n' },
      expected: [
        'flows/a.yaml:1:1: [not-a-mapping] a document must be a mapping of keys, one key: value a line: friendly_name: ... (a flow), or kind: address-configuration with address: ... (an address configuration)',
      ],
    },
  ])('$name', async ({ files, env, expected }) => {
    expect((await load(files, { env })).lines).toEqual(expected);
  });
});

/** A valid address configuration; lines 1-3, the address's value at column 10, the type's at 7. */
const address = (number = '+15005550006', type = 'sms'): string => `kind: address-configuration\naddress: "${number}"\ntype: ${type}\n`;

describe('loadFlows rules for address configurations', () => {
  it.each<{ name: string; files: Files; env?: Record<string, string>; expected: string[] }>([
    { name: 'valid', files: { 'flows/a.yaml': address() }, expected: [] },
    { name: 'type in any case', files: { 'flows/a.yaml': address('+15005550006', 'WhatsApp') }, expected: [] },
    {
      name: 'enum',
      files: { 'flows/a.yaml': address('+15005550006', 'fax') },
      expected: ['flows/a.yaml:3:7: [enum] type must be one of sms, whatsapp, messenger, gbm, email, rcs, apple, chat; got "fax"'],
    },
    {
      name: 'required address',
      files: { 'flows/a.yaml': 'kind: address-configuration\ntype: sms\n' },
      expected: ['flows/a.yaml:1:1: [required] missing required key "address" (Twilio requires it to create an address configuration)'],
    },
    {
      name: 'required type',
      files: { 'flows/a.yaml': 'kind: address-configuration\naddress: a@example.com\n' },
      expected: ['flows/a.yaml:1:1: [required] missing required key "type" (Twilio requires it to create an address configuration)'],
    },
    {
      name: 'type may not be null',
      files: { 'flows/a.yaml': 'kind: address-configuration\naddress: a@example.com\ntype:\n' },
      expected: ['flows/a.yaml:3:6: [type] type must be text, got null; null cannot clear it: write a value'],
    },
    {
      name: 'pattern (address_country), with the fix',
      files: { 'flows/a.yaml': `${address()}address_country: us\n` },
      expected: ['flows/a.yaml:4:18: [pattern] address_country must match ^[A-Z]{2}$, got "us"; write "US"'],
    },
    {
      name: 'too-long friendly_name',
      files: { 'flows/a.yaml': `${address()}friendly_name: ${'x'.repeat(257)}\n` },
      expected: ['flows/a.yaml:4:16: [too-long] friendly_name must be at most 256 characters, got 257; shorten it'],
    },
    {
      name: 'pattern (SID)',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  conversation_service_sid: IS12\n` },
      expected: ['flows/a.yaml:5:29: [pattern] auto_creation.conversation_service_sid must be "IS" followed by 32 hex digits, got "IS12"'],
    },
    {
      name: 'range',
      files: {
        'flows/a.yaml': `${address()}auto_creation:\n  type: studio\n  studio_flow_sid: ${STUDIO_FLOW}\n  studio_retry_count: -1\n`,
      },
      expected: ['flows/a.yaml:7:23: [range] auto_creation.studio_retry_count must be between 0 and 2147483647, got -1'],
    },
    {
      name: 'enum of a string-set item',
      files: {
        'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_url: https://example.com/in\n  webhook_filters: [onMessageAdded, onMessageSent]\n`,
      },
      expected: [
        'flows/a.yaml:7:37: [enum] auto_creation.webhook_filters[1] must be one of onMessageAdded, onMessageUpdated, onMessageRemoved, onConversationUpdated, onConversationStateUpdated, onConversationRemoved, onParticipantAdded, onParticipantUpdated, onParticipantRemoved, onDeliveryUpdated; got "onMessageSent"',
      ],
    },
    {
      name: 'a string-set repeat is an error',
      files: {
        'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_url: https://example.com/in\n  webhook_filters:\n    - onMessageAdded\n    - onMessageAdded\n`,
      },
      expected: ['flows/a.yaml:9:7: [duplicate-item] auto_creation.webhook_filters lists "onMessageAdded" twice; remove one'],
    },
    {
      name: 'a string-set must be a list',
      files: {
        'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_url: https://example.com/in\n  webhook_filters: onMessageAdded\n`,
      },
      expected: ['flows/a.yaml:7:20: [type] auto_creation.webhook_filters must be a list, got "onMessageAdded"'],
    },
    {
      name: 'studio requires studio_flow_sid',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: studio\n` },
      expected: [
        'flows/a.yaml:4:1: [auto_creation-required] auto_creation.type studio requires auto_creation.studio_flow_sid (or auto_creation.studio_flow, its name)',
      ],
    },
    {
      name: 'webhook requires webhook_url',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_method: POST\n` },
      expected: ['flows/a.yaml:4:1: [auto_creation-required] auto_creation.type webhook requires auto_creation.webhook_url'],
    },
    {
      name: 'not-applicable',
      files: {
        'flows/a.yaml': `${address()}auto_creation:\n  type: studio\n  studio_flow_sid: ${STUDIO_FLOW}\n  webhook_method: post\n  webhook_filters: [onMessageAdded]\n`,
      },
      expected: [
        'flows/a.yaml:7:3: [not-applicable] auto_creation.webhook_method does not apply to auto_creation.type studio (only to webhook); remove it',
        'flows/a.yaml:8:3: [not-applicable] auto_creation.webhook_filters does not apply to auto_creation.type studio (only to webhook); remove it',
      ],
    },
    {
      name: 'default takes neither webhook nor studio fields',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: default\n  studio_retry_count: 1\n` },
      expected: [
        'flows/a.yaml:6:3: [not-applicable] auto_creation.studio_retry_count does not apply to auto_creation.type default (only to studio); remove it',
      ],
    },
    {
      name: 'type missing',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  studio_flow_sid: ${STUDIO_FLOW}\n` },
      expected: [
        'flows/a.yaml:4:1: [auto_creation-type-missing] auto_creation is set but auto_creation.type is not; add auto_creation.type (webhook, studio, default)',
      ],
    },
    {
      name: 'enabled and a service need no type',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  enabled: false\n  conversation_service_sid: ${CHAT_SERVICE}\n` },
      expected: [],
    },
    {
      name: 'url: http to a remote host',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_url: http://x.example/in\n` },
      expected: [
        'flows/a.yaml:6:16: [url] auto_creation.webhook_url must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])',
      ],
    },
    {
      name: 'url: an ambiguous spelling, credentials hidden',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_url: https:/user:pw1@x.example/in\n` },
      expected: [
        'flows/a.yaml:6:16: [url] auto_creation.webhook_url must be written as a URL parser reads it, "https://***@x.example/in" (credentials hidden); other spellings are ambiguous',
      ],
    },
    {
      name: 'renamed_from is refused: the address is the key',
      files: { 'flows/a.yaml': `${address()}renamed_from: ["+15005550001"]\n` },
      expected: [
        'flows/a.yaml:4:1: [unknown-key] renamed_from does not apply to address configurations: address is the key and is fixed at create; declare the new address in a document of its own (the old one is deleted with prune: true)',
      ],
    },
    {
      name: 'a group field at the top level',
      files: { 'flows/a.yaml': `${address()}studio_flow_sid: ${STUDIO_FLOW}\n` },
      expected: ['flows/a.yaml:4:1: [unknown-key] unknown key "studio_flow_sid"; did you mean "auto_creation.studio_flow_sid"?'],
    },
    {
      name: 'a Flex Flow key',
      files: { 'flows/a.yaml': `${address()}channel_type: sms\n` },
      expected: [
        'flows/a.yaml:4:1: [unknown-key] unknown key "channel_type"; allowed keys: address, type, friendly_name, address_country, auto_creation, migrated_from, kind',
      ],
    },
    ...['.', '..'].map((dots) => ({
      name: `key-in-path: the address "${dots}" is a dot segment`,
      files: { 'flows/a.yaml': address(dots) },
      expected: [
        `flows/a.yaml:2:10: [key-in-path] address must not be "${dots}": the API takes the address in the URL path, where "${dots}" names another resource; write the address itself (a phone number, whatsapp:+15005550006, an email address or a channel id)`,
      ],
    })),
    ...['a/b', 'a?b', '#1'].map((text) => ({
      name: `key-in-path: the address ${text} holds a path separator`,
      files: { 'flows/a.yaml': address(text) },
      expected: [
        `flows/a.yaml:2:10: [key-in-path] address must not hold "${/[/?#]/.exec(text)?.[0]}": the API takes the address in the URL path, and no address Twilio routes holds one; write the address itself (a phone number, whatsapp:+15005550006, an email address or a channel id)`,
      ],
    })),
    {
      name: 'key-in-path: an address with the shape of a SID',
      files: { 'flows/a.yaml': address(`IG${'0123456789abcdef'.repeat(2)}`) },
      expected: [
        'flows/a.yaml:2:10: [key-in-path] address has the shape of address configuration SIDs (IG and 32 hex digits): the API would read it as a SID, so it could never be fetched, updated or deleted by address; write the address itself (a phone number, whatsapp:+15005550006, an email address or a channel id)',
      ],
    },
    {
      name: 'key-in-path: a dot segment through a variable',
      files: { 'flows/a.yaml': 'kind: address-configuration\naddress: ${A}\ntype: sms\n' },
      env: { FLEXFLOW_VAR_A: '..' },
      expected: [
        'flows/a.yaml:2:10: [key-in-path] address must not be "..": the API takes the address in the URL path, where ".." names another resource; write the address itself (a phone number, whatsapp:+15005550006, an email address or a channel id)',
      ],
    },
    { name: 'a flow name may hold "/" and dots', files: { 'flows/a.yaml': base('"Sales / .."') }, expected: [] },
    {
      name: 'name-credentials: a name may not hold a URL secret, as a saved plan could not match it (atk-20 #4)',
      files: { 'flows/a.yaml': base("'Docs https://wiki.example.com/page?code=abc'") },
      expected: [
        "flows/a.yaml:1:16: [name-credentials] friendly_name must not hold credentials (a URL's user and password, or a secret parameter such as ?token= or ?code=): names are printed in every plan and log; remove them",
      ],
    },
    {
      name: 'a name may hold a URL whose parameters only contain a secret word (design, zipcode, keyword)',
      files: { 'flows/a.yaml': base("'Docs https://wiki.example.com/page?design=1&zipcode=2&keyword=3&author=4'") },
      expected: [],
    },
    {
      name: 'name-whitespace on the address',
      files: { 'flows/a.yaml': address('+15005550006 ') },
      expected: ['flows/a.yaml:2:10: [name-whitespace] address must not start or end with whitespace; remove it'],
    },
    {
      name: 'unknown kind, with a guess',
      files: { 'flows/a.yaml': 'kind: Address-Configurations\naddress: x\n' },
      expected: [
        'flows/a.yaml:1:7: [unknown-kind] unknown kind "Address-Configurations"; did you mean "address-configuration"? known kinds: flex-flow, address-configuration (a document without kind is a flex-flow)',
      ],
    },
    {
      name: 'unknown kind, not text',
      files: { 'flows/a.yaml': 'kind: 3\naddress: x\n' },
      expected: [
        'flows/a.yaml:1:7: [unknown-kind] unknown kind 3; known kinds: flex-flow, address-configuration (a document without kind is a flex-flow)',
      ],
    },
    {
      name: 'a variable cannot choose the kind',
      files: { 'flows/a.yaml': 'kind: ${KIND}\naddress: x\n' },
      env: { FLEXFLOW_VAR_KIND: 'address-configuration' },
      expected: [
        'flows/a.yaml:1:7: [unknown-kind] kind cannot come from a variable (${KIND}): the kind decides which keys apply before variables are read; write it out (flex-flow or address-configuration)',
      ],
    },
    {
      name: 'Kind in another case is reported alone',
      files: { 'flows/a.yaml': 'Kind: address-configuration\naddress: "+15005550006"\ntype: sms\n' },
      expected: [
        'flows/a.yaml:1:1: [unknown-kind] unknown key "Kind": write kind, in lower case; the kind decides which keys apply (a document without kind is a flex-flow)',
      ],
    },
    {
      name: 'duplicate-name: one address declared twice, across files',
      files: { 'flows/a.yaml': address(), 'flows/sub/b.yml': `${base()}---\n${address('+15005550006', 'whatsapp')}` },
      expected: ['flows/sub/b.yml:6:10: [duplicate-name] duplicate address "+15005550006": also declared at flows/a.yaml:2:10'],
    },
    {
      name: 'a flow and an address configuration may share a name',
      files: { 'flows/a.yaml': `${base('"+15005550006"')}---\n${address()}` },
      expected: [],
    },
    {
      name: "address-across-kinds: a flow's contact_identity declared as an address configuration too",
      files: {
        'flows/a.yaml': `${base('SMS Support')}contact_identity: "+15005550006"\nenabled: false\n`,
        'flows/b.yaml': `${address()}migrated_from:\n  flex_flow: SMS Support\n`,
      },
      expected: [
        'flows/b.yaml:2:10: [address-across-kinds] address "+15005550006" is also the contact_identity of the flow "SMS Support" at flows/a.yaml:4:19; Twilio routes an address through one flow or address configuration, and its migration deletes the flow before it creates the address configuration: delete the flow\'s document (flexflow-sync migrate --write replaces a flow\'s document with its address configuration)',
      ],
    },
    {
      name: 'address-across-kinds: reported at the later document, whichever kind it is',
      files: { 'flows/a.yaml': `${address()}---\n${base('SMS Support')}contact_identity: "+15005550006"\n` },
      expected: [
        'flows/a.yaml:8:19: [address-across-kinds] contact_identity "+15005550006" is also the address of the address configuration at flows/a.yaml:2:10; Twilio routes an address through one flow or address configuration, and its migration deletes the flow before it creates the address configuration: delete the flow\'s document (flexflow-sync migrate --write replaces a flow\'s document with its address configuration)',
      ],
    },
    {
      name: 'migrated_from naming a flow no document declares any more',
      files: { 'flows/b.yaml': `${address()}migrated_from:\n  flex_flow: SMS Support\n` },
      expected: [],
    },
    {
      name: 'migrated-from-twice: two address configurations migrated from one flow, the later reported naming the earlier',
      files: {
        'flows/b.yaml': `${address()}migrated_from:\n  flex_flow: SMS Support\n`,
        'flows/a.yaml': `${address('+15005550007')}migrated_from:\n  flex_flow: SMS Support\n`,
      },
      expected: [
        'flows/b.yaml:5:14: [migrated-from-twice] migrated_from "SMS Support" is also named at flows/a.yaml:5:14; a flow migrates to one address configuration: keep migrated_from in the document of its address only',
      ],
    },
    {
      name: 'lower-case: an email address in mixed case, and its lower-case twin is a duplicate',
      files: { 'flows/a.yaml': address('Support@Example.com', 'email'), 'flows/b.yaml': address('support@example.com', 'EMAIL') },
      expected: [
        'flows/a.yaml:2:10: [lower-case] address must be written in lower case when type is email: write "support@example.com"; Twilio documents no case rule for it, and only the lower-case spelling reads back the same whether Twilio keeps the case or lowers it',
        'flows/b.yaml:2:10: [duplicate-name] duplicate address "support@example.com": also declared at flows/a.yaml:2:10',
      ],
    },
    {
      name: 'other address types keep their case (an Apple id)',
      files: { 'flows/a.yaml': address('urn:mbid:AQAAYyUbut6E4B3T9FLv5EbG', 'apple') },
      expected: [],
    },
    {
      name: 'auto_creation: null can never be sent, and says what to write',
      files: { 'flows/a.yaml': `${address()}auto_creation: null\n` },
      expected: [
        'flows/a.yaml:4:16: [type] auto_creation cannot be null: no request can clear it as a whole, so the file would never match; to turn auto-creation off write auto_creation: {enabled: false}; to leave it unmanaged remove the key',
      ],
    },
    {
      name: 'a group field may be null, auto_creation.type too',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: null\n  enabled: null\n` },
      expected: [],
    },
    {
      name: 'quoted numbers and booleans: remove the quotes',
      files: {
        'flows/a.yaml': `${address()}auto_creation:\n  enabled: "true"\n  type: studio\n  studio_flow_sid: ${STUDIO_FLOW}\n  studio_retry_count: "3"\n`,
      },
      expected: [
        'flows/a.yaml:5:12: [type] auto_creation.enabled must be true or false, got "true"; remove the quotes so that YAML reads it as true or false',
        'flows/a.yaml:8:23: [type] auto_creation.studio_retry_count must be a whole number, got "3"; remove the quotes so that YAML reads it as a number',
      ],
    },
    {
      name: 'empty text: how to clear it instead',
      files: { 'flows/a.yaml': `${address()}friendly_name: ""\naddress_country: ""\n` },
      expected: [
        'flows/a.yaml:4:16: [empty] friendly_name must not be empty; write null to clear it, or remove the key to leave it unmanaged',
        'flows/a.yaml:5:18: [pattern] address_country must match ^[A-Z]{2}$, got ""; write null to clear it, or remove the key to leave it unmanaged',
      ],
    },
    ...[
      { text: '+1500555\u200b0006', at: 'U+200B at character 9', what: 'invisible format characters' },
      { text: '+1500\u00ad5550006', at: 'U+00AD at character 6', what: 'invisible format characters' },
      { text: 'cafe\u0301@example.com', at: 'U+0301 at character 5', what: 'decomposed characters (Unicode NFC is required)' },
    ].map(({ text, at, what }) => ({
      name: `name-characters: ${at} in an address`,
      files: { 'flows/a.yaml': address(text, 'email') },
      expected: [
        `flows/a.yaml:2:10: [name-characters] address must not hold ${what} (${at}): it would look like another address; retype it`,
      ],
    })),
    {
      name: "name-characters: a zero-width space in a flow's friendly_name and contact_identity",
      files: { 'flows/a.yaml': `${base('"Sales\u200d"')}contact_identity: "+1500555\ufeff0006"\n` },
      expected: [
        'flows/a.yaml:1:16: [name-characters] friendly_name must not hold invisible format characters (U+200D at character 6): it would look like another friendly_name; retype it',
        'flows/a.yaml:4:19: [name-characters] contact_identity must not hold invisible format characters (U+FEFF at character 9): it would look like another contact_identity; retype it',
      ],
    },
    {
      name: 'composed (NFC) text and a fullwidth plus are fine',
      files: { 'flows/a.yaml': address('caf\u00e9@example.com', 'email') },
      expected: [],
    },
    { name: 'kind: flex-flow is a flow', files: { 'flows/a.yaml': `kind: flex-flow\n${base()}` }, expected: [] },
    {
      name: 'unresolved-variable',
      files: { 'flows/a.yaml': `${address()}auto_creation:\n  type: webhook\n  webhook_url: \${HOOK}\n` },
      expected: [
        'flows/a.yaml:6:16: [unresolved-variable] unresolved variable ${HOOK}: set FLEXFLOW_VAR_HOOK in the environment or HOOK in the --var-file',
      ],
    },
  ])('$name', async ({ files, env, expected }) => {
    expect((await load(files, { env })).lines).toEqual(expected);
  });

  it('reads both kinds from one folder, even one file, in reading order; flows stay flows', async () => {
    const result = await load(
      {
        'flows/a.yaml': `${address('+15005550006', 'SMS')}friendly_name: Support SMS\naddress_country: US\nauto_creation:\n  enabled: true\n  type: webhook\n  webhook_url: \${HOOK}\n  webhook_method: POST\n  webhook_filters: [onMessageAdded, onParticipantAdded]\n---\n${base('Web')}`,
        'flows/b.yaml': `${address('whatsapp:+15005550006', 'whatsapp')}auto_creation:\n  type: studio\n  studio_flow_sid: ${STUDIO_FLOW}\n  studio_retry_count: \${RETRY}\n`,
      },
      { env: { FLEXFLOW_VAR_HOOK: 'https://example.com/in', FLEXFLOW_VAR_RETRY: '2' } },
    );
    expect(result.problems).toEqual([]);
    expect(result.resources).toEqual([
      {
        kind: 'address-configuration',
        fields: {
          address: '+15005550006',
          type: 'sms',
          friendly_name: 'Support SMS',
          address_country: 'US',
          auto_creation: {
            enabled: true,
            type: 'webhook',
            webhook_url: 'https://example.com/in',
            webhook_method: 'post',
            webhook_filters: ['onMessageAdded', 'onParticipantAdded'],
          },
        },
        renamedFrom: [],
        source: { file: 'flows/a.yaml', line: 1, column: 1 },
      },
      {
        kind: 'flex-flow',
        fields: { friendly_name: 'Web', chat_service_sid: CHAT_SERVICE, channel_type: 'web' },
        renamedFrom: [],
        source: { file: 'flows/a.yaml', line: 13, column: 1 },
      },
      {
        kind: 'address-configuration',
        fields: {
          address: 'whatsapp:+15005550006',
          type: 'whatsapp',
          auto_creation: { type: 'studio', studio_flow_sid: STUDIO_FLOW, studio_retry_count: 2 },
        },
        renamedFrom: [],
        source: { file: 'flows/b.yaml', line: 1, column: 1 },
      },
    ]);
  });
});

describe('loadFlows hostile input', () => {
  it.each([
    {
      name: 'UTF-8 BOM, CRLF, comments and .yml are fine',
      files: { 'flows/a.yml': `\ufeff# c\r\n${base().replace(/\n/g, '\r\n')}` },
      expected: [],
    },
    {
      name: 'alias bomb',
      files: { 'flows/a.yaml': `a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n` },
      expected: ['flows/a.yaml:2:8: [yaml-alias] YAML aliases (*a) are not allowed in flow files; write the value out in full'],
    },
    {
      name: 'deep nesting',
      files: { 'flows/a.yaml': '['.repeat(100_000) },
      expected: [
        'flows/a.yaml:1:33: [nesting-too-deep] nesting is deeper than 32 levels; a document of any kind nests at most 3 (a list in a mapping in the document): remove the extra levels',
      ],
    },
    {
      name: '__proto__ and constructor keys',
      files: { 'flows/a.yaml': `${base()}__proto__: {polluted: true}\nconstructor: x\n` },
      expected: [
        'flows/a.yaml:4:1: [unknown-key] unknown key "__proto__"; allowed keys: friendly_name, chat_service_sid, chat_service, channel_type, contact_identity, enabled, integration_type, long_lived, janitor_enabled, integration, renamed_from, kind',
        'flows/a.yaml:5:1: [unknown-key] unknown key "constructor"; allowed keys: friendly_name, chat_service_sid, chat_service, channel_type, contact_identity, enabled, integration_type, long_lived, janitor_enabled, integration, renamed_from, kind',
      ],
    },
    {
      name: 'invalid UTF-8',
      files: { 'flows/a.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]) },
      expected: ['flows/a.yaml:1:4: [encoding] file is not UTF-8 text (binary data or another encoding); save it as UTF-8'],
    },
    {
      name: 'a Latin-1 letter on line 2, after UTF-8 text',
      files: { 'flows/a.yaml': Buffer.concat([Buffer.from('# ok\nfriendly_name: Café '), Buffer.from([0xe9, 0x0a])]) },
      expected: ['flows/a.yaml:2:21: [encoding] file is not UTF-8 text (binary data or another encoding); save it as UTF-8'],
    },
    {
      name: 'an overlong encoding',
      files: { 'flows/a.yaml': Buffer.from([0x61, 0xc0, 0xaf]) },
      expected: ['flows/a.yaml:1:2: [encoding] file is not UTF-8 text (binary data or another encoding); save it as UTF-8'],
    },
    {
      name: 'binary with NUL bytes',
      files: { 'flows/a.yaml': Buffer.from([0x00, 0x01, 0x02]) },
      expected: ['flows/a.yaml:1:1: [encoding] file is not UTF-8 text (binary data or another encoding); save it as UTF-8'],
    },
    {
      name: 'a NUL byte on line 2',
      files: { 'flows/a.yaml': Buffer.from('a: 1\nbé\u0000\n') },
      expected: ['flows/a.yaml:2:3: [encoding] file is not UTF-8 text (binary data or another encoding); save it as UTF-8'],
    },
    {
      name: 'tabs for indentation',
      files: { 'flows/a.yaml': `${base()}integration:\n\tflow_sid: x\n` },
      expected: ['flows/a.yaml:5:1: [tab-indent] tabs are not allowed for indentation in YAML; indent with spaces'],
    },
    {
      name: 'duplicate keys',
      files: { 'flows/a.yaml': `${base()}channel_type: sms\n` },
      expected: ['flows/a.yaml:4:1: [duplicate-key] duplicate key "channel_type"; a key may appear only once in a mapping'],
    },
    {
      name: 'empty file',
      files: { 'flows/a.yaml': '' },
      expected: [
        'flows/a.yaml:1:1: [empty-file] file holds no document; add one (friendly_name: ... (a flow), or kind: address-configuration with address: ... (an address configuration)) or delete the file',
      ],
    },
    {
      name: 'comments only',
      files: { 'flows/a.yaml': '# nothing yet\n' },
      expected: [
        'flows/a.yaml:1:1: [empty-file] file holds no document; add one (friendly_name: ... (a flow), or kind: address-configuration with address: ... (an address configuration)) or delete the file',
      ],
    },
  ])('$name', async ({ files, expected }) => {
    expect((await load(files)).lines).toEqual(expected);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a 50 MB file by size, before reading it', async () => {
    const result = await load({ 'flows/big.yaml': '' });
    await truncate(join(result.root, 'flows/big.yaml'), 50 * 1024 * 1024);
    const again = await loadFlows({ dir: 'flows', cwd: result.root, env: {} });
    expect(again.problems.map((p) => `${p.file}:${p.line}:${p.column}: [${p.rule}] ${p.message}`)).toEqual([
      'flows/big.yaml:1:1: [file-too-large] file is 52428800 bytes; the limit is 1 MiB (1048576 bytes) per file: split it into several files',
    ]);
  });

  it('refuses a symlink that leaves the flows folder', async () => {
    const result = await load({ 'secret.yaml': base() });
    await symlink(join(result.root, 'secret.yaml'), join(result.root, 'flows/link.yaml'));
    const again = await loadFlows({ dir: 'flows', cwd: result.root, env: {} });
    expect(again.problems.map((p) => `${p.file}:${p.line}:${p.column}: [${p.rule}] ${p.message}`)).toEqual([
      'flows/link.yaml:1:1: [symlink] symlink leads outside the flows folder; flow files must live inside the folder',
    ]);
    expect(again.fileCount).toBe(0);
  });

  it('refuses a named pipe instead of waiting on it forever', async () => {
    const result = await load({});
    execFileSync('mkfifo', [join(result.root, 'flows/pipe.yaml')]);
    const again = await loadFlows({ dir: 'flows', cwd: result.root, env: {} });
    expect(again.problems.map((p) => `${p.file}:${p.line}:${p.column}: [${p.rule}] ${p.message}`)).toEqual([
      'flows/pipe.yaml:1:1: [not-a-file] not a regular file (a folder, pipe or device); name a plain YAML file',
    ]);
  });

  it('a --var-file that is a folder is a user error, not a crash', async () => {
    const result = await load({ 'flows/a.yaml': base(), 'vars.yaml/keep': '' });
    const again = await loadFlows({ dir: 'flows', cwd: result.root, env: {}, varFile: 'vars.yaml' });
    expect(again.problems.map(formatProblem)).toEqual([
      'vars.yaml:1:1: not a regular file (a folder, pipe or device); name a plain YAML file',
    ]);
    expect(again.badVarFile).toBe(true);
  });

  it('an empty folder holds no flows and no problems', async () => {
    const result = await load({});
    const again = await loadFlows({ dir: 'flows', cwd: result.root, env: {} });
    expect(again).toEqual({ resources: [], problems: [], fileCount: 0, badVarFile: false });
  });

  it('a missing folder is an error, not an empty one: a mistyped --dir must not pass', async () => {
    const result = await load({});
    await expect(loadFlows({ dir: 'nope', cwd: result.root, env: {} })).rejects.toThrow(
      'flows folder nope does not exist; pass the right one with --dir (an empty folder manages no flow)',
    );
  });
});

describe('loadFlows values', () => {
  it('types variables by the field table; the var file wins over the environment; $${ escapes', async () => {
    const root = (await load({})).root;
    await writeFile(join(root, 'vars.yaml'), 'RETRY: 2\nON: "true"\n');
    await writeFile(
      join(root, 'flows/a.yaml'),
      `${base('A $${literal}')}enabled: \${ON}\nintegration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n  retry_count: \${RETRY}\n`,
    );
    const result = await loadFlows({
      dir: 'flows',
      cwd: root,
      env: { FLEXFLOW_VAR_RETRY: '9', FLEXFLOW_VAR_ON: 'false' },
      varFile: 'vars.yaml',
    });
    expect(result.problems).toEqual([]);
    expect(result.resources).toEqual([
      {
        kind: 'flex-flow',
        fields: {
          friendly_name: 'A ${literal}',
          chat_service_sid: CHAT_SERVICE,
          channel_type: 'web',
          enabled: true,
          integration_type: 'studio',
          integration: { flow_sid: STUDIO_FLOW, retry_count: 2 },
        },
        renamedFrom: [],
        source: { file: 'flows/a.yaml', line: 1, column: 1 },
      },
    ]);
  });

  it('keeps null (managed and empty) and leaves omitted fields out', async () => {
    const result = await load({ 'flows/a.yaml': `${base()}contact_identity:\nlong_lived: null\n` });
    expect(result.resources.map((flow) => flow.fields)).toEqual([
      { friendly_name: 'A', chat_service_sid: CHAT_SERVICE, channel_type: 'web', contact_identity: null, long_lived: null },
    ]);
  });
});

describe('committed generated files', () => {
  it.each(generatedFiles())('$path is what `npm run schema` generates from the field table', async ({ path, content }) => {
    expect(await readFile(path, 'utf8'), 'run `npm run schema`').toBe(content);
    if (path.endsWith('.json')) expect(() => new Ajv({ strict: true }).compile(JSON.parse(content) as object)).not.toThrow();
  });

  /** Every property of every object in a schema, by its path. */
  const properties = (schema: Record<string, unknown>, at = ''): [string, Record<string, unknown>][] =>
    Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>).flatMap(([name, property]) => [
      [`${at}${name}`, property],
      ...properties(property, `${at}${name}.`),
    ]);

  it.each([
    { file: 'schema/flex-flow.schema.json', nested: 'integration.retry_count' },
    { file: 'schema/address-configuration.schema.json', nested: 'auto_creation.webhook_filters' },
    { file: 'schema/settings.schema.json', nested: 'rate_limits.create' },
  ])(
    '$file describes every property, nested ones too, for hover help in editors, and its id is where the package serves it',
    async ({ file, nested }) => {
      const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const all = properties(schema);
      expect(all.map(([name]) => name)).toContain(nested);
      expect(
        all.filter(([, property]) => typeof property.description !== 'string' || property.description.length < 10).map(([name]) => name),
      ).toEqual([]);
      const packageJson = JSON.parse(await readFile('package.json', 'utf8')) as { version: string; files: string[] };
      expect(packageJson.files).toContain('schema/');
      expect(schema.$id).toBe(`https://unpkg.com/flexflow-sync@${packageJson.version}/${file}`);
    },
  );

  it.each([
    { name: 'a flow without kind', doc: { friendly_name: 'A', chat_service_sid: '${CHAT}', channel_type: 'web' }, valid: true },
    {
      name: 'a flow with kind',
      doc: { kind: 'flex-flow', friendly_name: 'A', chat_service_sid: CHAT_SERVICE, channel_type: 'web' },
      valid: true,
    },
    {
      name: 'an address configuration, type in any case',
      doc: {
        kind: 'address-configuration',
        address: '+15005550006',
        type: 'SMS',
        auto_creation: { type: 'webhook', webhook_url: '${HOOK}', webhook_method: 'POST', webhook_filters: ['onMessageAdded'] },
      },
      valid: true,
    },
    { name: 'an address configuration without kind', doc: { address: '+15005550006', type: 'sms' }, valid: false },
    {
      name: 'an address configuration with a flow field',
      doc: { kind: 'address-configuration', address: '+15005550006', type: 'sms', channel_type: 'sms' },
      valid: false,
    },
    {
      name: 'an address configuration with renamed_from',
      doc: { kind: 'address-configuration', address: '+15005550006', type: 'sms', renamed_from: ['x'] },
      valid: false,
    },
    {
      name: 'an unknown kind',
      doc: { kind: 'studio-flow', friendly_name: 'A', chat_service_sid: CHAT_SERVICE, channel_type: 'web' },
      valid: false,
    },
    {
      name: 'a repeated webhook filter',
      doc: {
        kind: 'address-configuration',
        address: 'a',
        type: 'sms',
        auto_creation: { webhook_filters: ['onMessageAdded', 'onMessageAdded'] },
      },
      valid: false,
    },
  ])('the editor schema (oneOf on kind), compiled as an editor does, accepts or refuses $name', async ({ doc, valid }) => {
    const check = new Ajv({ strict: true }).compile(JSON.parse(await readFile('schema/flexflow.schema.json', 'utf8')) as object);
    expect(check(doc)).toBe(valid);
  });

  it('the editor schema accepts ${NAME} in place of any value', () => {
    const check = new Ajv().compile(buildKindSchema(FLEX_FLOW, { placeholders: true }));
    expect(check({ friendly_name: 'A', chat_service_sid: '${CHAT}', channel_type: 'web', integration: { retry_count: '${RETRY}' } })).toBe(
      true,
    );
  });
});
