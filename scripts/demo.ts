/**
 * `npm run demo`: the main job end to end against the embedded emulator, each step visible:
 * validate the example flows, plan, apply, then plan again and show that nothing is left to do.
 */
import { startEmulator } from '../src/emulator/index.js';
import { main } from '../src/cli/main.js';
import { processIo } from '../src/cli/io.js';

interface Step {
  readonly title: string;
  readonly argv: readonly string[];
  /** The exit status that means the step did what the demo expects. */
  readonly expect: number;
}

const steps: readonly Step[] = [
  { title: 'validate the flow files (offline)', argv: ['validate', '--dir', 'flows'], expect: 0 },
  { title: 'plan: what would change in the account', argv: ['plan', '--dir', 'flows', '--detailed-exitcode'], expect: 2 },
  { title: 'apply the plan', argv: ['apply', '--dir', 'flows', '--auto-approve'], expect: 0 },
  { title: 'plan again: the account now matches the files', argv: ['plan', '--dir', 'flows', '--detailed-exitcode'], expect: 0 },
];

// Twilio's own rate limits, unscaled (the emulator's default): the demo shows apply pacing itself to them.
const emulator = await startEmulator({ port: 0, latencyMs: 5, jitterMs: 5, seed: 1 });
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

process.stdout.write(`Flex API emulator listening on ${emulator.url} (in-process, empty account, Twilio's rate limits)\n`);
let failed = false;
try {
  for (const [index, step] of steps.entries()) {
    process.stdout.write(`\n━━ ${index + 1}/${steps.length} ${step.title}\n$ flexflow-sync ${step.argv.join(' ')}\n\n`);
    const code = await main(step.argv, io);
    if (code !== step.expect) {
      process.stderr.write(`\ndemo: step ${index + 1} exited ${code}, expected ${step.expect}\n`);
      failed = true;
      break;
    }
  }
} finally {
  await emulator.close();
}
if (!failed) process.stdout.write('\nDemo complete: the account matches the files in flows/.\n');
process.exitCode = failed ? 1 : 0;
