/**
 * `npm run demo:migrate`: an account of Flex Flows moved to Flex Conversations as one reviewed plan,
 * against the embedded emulator. Export adopts the Console's flows, `migrate --write` turns those that
 * can move into address configurations (and leaves the rest, saying why), plan pairs each with its
 * flow (delete first, as Twilio's migration guide says), apply runs it, and plan ends clean.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type Step } from './demoSession.js';

const IS = 'IS0123456789abcdef0123456789abcdef';
const FW = 'FW0123456789abcdef0123456789abcdef';
const CONSOLE_FLOWS: readonly Record<string, string>[] = [
  {
    FriendlyName: 'SMS Support',
    ChatServiceSid: IS,
    ChannelType: 'sms',
    ContactIdentity: '+15005550101',
    Enabled: 'true',
    IntegrationType: 'studio',
    'Integration.FlowSid': FW,
  },
  {
    FriendlyName: 'WhatsApp Orders',
    ChatServiceSid: IS,
    ChannelType: 'whatsapp',
    ContactIdentity: 'whatsapp:+15005550102',
    Enabled: 'true',
    IntegrationType: 'external',
    'Integration.Url': 'https://hooks.example.com/orders',
  },
  {
    FriendlyName: 'Messenger',
    ChatServiceSid: IS,
    ChannelType: 'facebook',
    ContactIdentity: 'messenger:4242',
    Enabled: 'true',
    IntegrationType: 'studio',
    'Integration.FlowSid': FW,
  },
  // Webchat 3 addresses are set up in the Console, and Flex Conversations has no Task integration: these stay.
  {
    FriendlyName: 'Web Chat',
    ChatServiceSid: IS,
    ChannelType: 'web',
    ContactIdentity: 'web',
    Enabled: 'true',
    IntegrationType: 'studio',
    'Integration.FlowSid': FW,
  },
  {
    FriendlyName: 'SMS Tasks',
    ChatServiceSid: IS,
    ChannelType: 'sms',
    ContactIdentity: '+15005550103',
    Enabled: 'true',
    IntegrationType: 'task',
    'Integration.WorkspaceSid': `WS${'1'.repeat(32)}`,
    'Integration.WorkflowSid': `WW${'2'.repeat(32)}`,
  },
];

const steps: readonly Step[] = [
  { title: "export: the account's flows become files", run: { argv: ['export', '--dir', 'flows'] }, expect: 0 },
  {
    title: 'migrate --write: the flows that can move become address configurations (exit 2: two cannot)',
    run: { argv: ['migrate', '--dir', 'flows', '--write'] },
    expect: 2,
  },
  { title: 'validate the rewritten files (offline)', run: { argv: ['validate', '--dir', 'flows'] }, expect: 0 },
  {
    title: 'plan: each migration deletes its flow, then creates the address configuration',
    run: { argv: ['plan', '--dir', 'flows', '--detailed-exitcode'] },
    expect: 2,
  },
  { title: 'apply the migration', run: { argv: ['apply', '--dir', 'flows', '--auto-approve'] }, expect: 0 },
  { title: 'plan again: nothing left to do', run: { argv: ['plan', '--dir', 'flows', '--detailed-exitcode'] }, expect: 0 },
];

const demo = await startDemo();
const cwd = await mkdtemp(join(tmpdir(), 'flexflow-demo-migrate-'));
let done = false;
try {
  await demo.seedFlows(CONSOLE_FLOWS);
  process.stdout.write(
    `Emulator listening on ${demo.url}, seeded with ${CONSOLE_FLOWS.length} Flex Flows made in the Console; working in ${cwd}\n`,
  );
  done = await demo.run(steps, cwd);
} finally {
  await demo.close();
  await rm(cwd, { recursive: true, force: true });
}
if (done)
  process.stdout.write(
    '\nMigration complete: three numbers moved to Flex Conversations; the web chat and the Task flow stay Flex Flows, as migrate said.\n',
  );
process.exitCode = done ? 0 : 1;
