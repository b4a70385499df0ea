/**
 * `npm run demo`: why the tool exists, end to end against the embedded emulator. The account starts
 * as real ones do, with flows clicked together in the Console (one under an older name, one that
 * differs from the files, one the files do not declare). Then: validate, plan, apply, a colleague's
 * edit in the Console, plan catching it as drift, apply, and a clean plan.
 */
import { startEmulator } from '../src/emulator/index.js';
import { main } from '../src/cli/main.js';
import { processIo } from '../src/cli/io.js';

interface Step {
  readonly title: string;
  /** A flexflow-sync command, or a Console edit (made through the API, as the Console makes it). */
  readonly run: { readonly argv: readonly string[] } | { readonly console: () => Promise<string> };
  /** The exit status that means the step did what the demo expects. */
  readonly expect: number;
}

// Twilio's own rate limits, unscaled (the emulator's default): the demo shows apply pacing itself to them.
const emulator = await startEmulator({ port: 0, latencyMs: 5, jitterMs: 5, seed: 1 });
const authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;

/** One request to the Flex API as the Console sends it: form parameters, basic auth. */
async function consoleRequest(path: string, form?: Record<string, string>): Promise<{ flex_flows?: { sid: string }[] }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: form === undefined ? 'GET' : 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { flex_flows?: { sid: string }[] };
}

const IS = 'IS0123456789abcdef0123456789abcdef';
/** What the account holds before the tool is used: made by hand, drifted from the files. */
const CONSOLE_FLOWS: readonly Record<string, string>[] = [
  // flows/social.yaml declares it as "Facebook Messenger", with renamed_from: [FB Messenger].
  { FriendlyName: 'FB Messenger', ChatServiceSid: IS, ChannelType: 'facebook', ContactIdentity: 'messenger:1234567890', Enabled: 'false', IntegrationType: 'studio', 'Integration.FlowSid': 'FW22222222222222222222222222222222' },
  // Declared enabled in flows/sms/sms.yaml; someone switched it off by hand.
  { FriendlyName: 'SMS Support (US)', ChatServiceSid: IS, ChannelType: 'sms', ContactIdentity: '+15005550006', Enabled: 'false', IntegrationType: 'studio', 'Integration.FlowSid': 'FW11111111111111111111111111111111' },
  // Made by Twilio when Flex was set up; no file declares it, and prune is off, so it is left alone.
  { FriendlyName: 'Flex Web Channel', ChatServiceSid: IS, ChannelType: 'web', ContactIdentity: 'default-web', Enabled: 'true', IntegrationType: 'studio', 'Integration.FlowSid': 'FW0123456789abcdef0123456789abcdef' },
];

async function disableInConsole(name: string): Promise<string> {
  const listed = await consoleRequest(`/v1/FlexFlows?FriendlyName=${encodeURIComponent(name)}`);
  const sid = listed.flex_flows?.[0]?.sid;
  if (sid === undefined) throw new Error(`no live flow named ${name}`);
  await consoleRequest(`/v1/FlexFlows/${sid}`, { Enabled: 'false' });
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

const base = processIo();
const io = {
  ...base,
  env: {
    ...base.env,
    FLEXFLOW_API_URL: emulator.url,
    TWILIO_ACCOUNT_SID: emulator.accountSid,
    TWILIO_AUTH_TOKEN: emulator.authToken,
    TWILIO_API_KEY: undefined,
    TWILIO_API_SECRET: undefined,
    TWILIO_REGION: undefined,
    TWILIO_EDGE: undefined,
  },
};

let failed = false;
try {
  for (const flow of CONSOLE_FLOWS) {
    await consoleRequest('/v1/FlexFlows', flow);
    // Twilio allows 2 creates a second, and the emulator enforces it: a person in the Console is slower.
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  process.stdout.write(
    `Flex API emulator listening on ${emulator.url} (in-process, Twilio's rate limits), seeded as a real account: ` +
      `${CONSOLE_FLOWS.map((flow) => JSON.stringify(flow.FriendlyName)).join(', ')} made in the Console\n`,
  );
  for (const [index, step] of steps.entries()) {
    process.stdout.write(`\n━━ ${index + 1}/${steps.length} ${step.title}\n`);
    let code = 0;
    if ('argv' in step.run) {
      process.stdout.write(`$ flexflow-sync ${step.run.argv.join(' ')}\n\n`);
      code = await main(step.run.argv, io);
    } else {
      process.stdout.write(`${await step.run.console()}\n`);
    }
    if (code !== step.expect) {
      process.stderr.write(`\ndemo: step ${index + 1} exited ${code}, expected ${step.expect}\n`);
      failed = true;
      break;
    }
  }
} finally {
  await emulator.close();
}
if (!failed) process.stdout.write('\nDemo complete: the account matches the files in flows/, and the Console flow nobody declared is untouched.\n');
process.exitCode = failed ? 1 : 0;
