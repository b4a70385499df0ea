/**
 * `npm run demo`: why the tool exists, end to end against the embedded emulator. The account starts
 * as real ones do, with flows clicked together in the Console (one under an older name, one that
 * differs from the files, one the files do not declare). Then: validate, plan, apply, a colleague's
 * edit in the Console, plan catching it as drift, apply, and a clean plan.
 */
import { startDemo, type Step } from './demoSession.js';

const demo = await startDemo();

const IS = 'IS0123456789abcdef0123456789abcdef';
/** What the account holds before the tool is used: made by hand, drifted from the files. */
const CONSOLE_FLOWS: readonly Record<string, string>[] = [
  // flows/social.yaml declares it as "Facebook Messenger", with renamed_from: [FB Messenger].
  {
    FriendlyName: 'FB Messenger',
    ChatServiceSid: IS,
    ChannelType: 'facebook',
    ContactIdentity: 'messenger:1234567890',
    Enabled: 'false',
    IntegrationType: 'studio',
    'Integration.FlowSid': 'FW22222222222222222222222222222222',
  },
  // Declared enabled in flows/sms/sms.yaml; someone switched it off by hand.
  {
    FriendlyName: 'SMS Support (US)',
    ChatServiceSid: IS,
    ChannelType: 'sms',
    ContactIdentity: '+15005550006',
    Enabled: 'false',
    IntegrationType: 'studio',
    'Integration.FlowSid': 'FW11111111111111111111111111111111',
  },
  // Made by Twilio when Flex was set up; no file declares it, and prune is off, so it is left alone.
  {
    FriendlyName: 'Flex Web Channel',
    ChatServiceSid: IS,
    ChannelType: 'web',
    ContactIdentity: 'default-web',
    Enabled: 'true',
    IntegrationType: 'studio',
    'Integration.FlowSid': 'FW0123456789abcdef0123456789abcdef',
  },
];

async function disableInConsole(name: string): Promise<string> {
  const listed = await demo.consoleRequest(`/v1/FlexFlows?FriendlyName=${encodeURIComponent(name)}`);
  const sid = listed.flex_flows?.[0]?.sid;
  if (sid === undefined) throw new Error(`no live flow named ${name}`);
  await demo.consoleRequest(`/v1/FlexFlows/${sid}`, { Enabled: 'false' });
  return `POST /v1/FlexFlows/${sid} Enabled=false   (a colleague switches "${name}" off in the Console)`;
}

const plan = { argv: ['plan', '--dir', 'flows', '--detailed-exitcode'] };
const apply = { argv: ['apply', '--dir', 'flows', '--auto-approve'] };
const steps: readonly Step[] = [
  { title: 'validate the flow files (offline)', run: { argv: ['validate', '--dir', 'flows'] }, expect: 0 },
  { title: 'plan: a rename, an update, creates, and a Console flow left alone (exit 2: changes)', run: plan, expect: 2 },
  { title: 'apply the plan', run: apply, expect: 0 },
  { title: 'someone edits a flow by hand', run: { console: () => disableInConsole('SMS Partner Webhook') }, expect: 0 },
  { title: 'plan catches the drift (a nightly job fails on exit 2)', run: plan, expect: 2 },
  { title: 'apply puts the files back in charge', run: apply, expect: 0 },
  { title: 'plan again: the account matches the files', run: plan, expect: 0 },
];

let done = false;
try {
  await demo.seedFlows(CONSOLE_FLOWS);
  process.stdout.write(
    `Flex API emulator listening on ${demo.url} (in-process, Twilio's rate limits), seeded as a real account: ` +
      `${CONSOLE_FLOWS.map((flow) => JSON.stringify(flow.FriendlyName)).join(', ')} made in the Console\n`,
  );
  done = await demo.run(steps);
} finally {
  await demo.close();
}
if (done)
  process.stdout.write('\nDemo complete: the account matches the files in flows/, and the Console flow nobody declared is untouched.\n');
process.exitCode = done ? 0 : 1;
