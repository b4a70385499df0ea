/**
 * What the demos share: an emulator in this process with Twilio's own rate limits, an Io that points
 * flexflow-sync at it, requests made as the Console makes them, and steps run one after another,
 * each shown with its command and checked against the exit status it should have.
 */
import { startEmulator } from '../src/emulator/index.js';
import { main } from '../src/cli/main.js';
import { type Io, processIo } from '../src/cli/io.js';

export interface Step {
  readonly title: string;
  /** A flexflow-sync command, or a Console edit (made through the API, as the Console makes it). */
  readonly run: { readonly argv: readonly string[] } | { readonly console: () => Promise<string> };
  /** The exit status that means the step did what the demo expects. */
  readonly expect: number;
}

export interface DemoSession {
  readonly url: string;
  /** One request to the Flex API as the Console sends it: form parameters, basic auth. */
  readonly consoleRequest: (path: string, form?: Record<string, string>) => Promise<{ flex_flows?: { sid: string }[] }>;
  /** Creates flows as a person in the Console does: one at a time, slower than Twilio's 2 creates a second. */
  readonly seedFlows: (flows: readonly Record<string, string>[]) => Promise<void>;
  /** Runs the steps in `cwd`, stopping at the first that exits otherwise than expected; true when all did. */
  readonly run: (steps: readonly Step[], cwd?: string) => Promise<boolean>;
  readonly close: () => Promise<void>;
}

export async function startDemo(): Promise<DemoSession> {
  const emulator = await startEmulator({ port: 0, latencyMs: 5, jitterMs: 5, seed: 1 });
  const authorization = `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`;
  const consoleRequest: DemoSession['consoleRequest'] = async (path, form) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method: form === undefined ? 'GET' : 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { flex_flows?: { sid: string }[] };
  };
  const base = processIo();
  const ioIn = (cwd: string): Io => ({
    ...base,
    cwd,
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
  });
  return {
    url: emulator.url,
    consoleRequest,
    seedFlows: async (flows) => {
      for (const flow of flows) {
        await consoleRequest('/v1/FlexFlows', flow);
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
    },
    run: async (steps, cwd = base.cwd) => {
      for (const [index, step] of steps.entries()) {
        process.stdout.write(`\n━━ ${index + 1}/${steps.length} ${step.title}\n`);
        let code = 0;
        if ('argv' in step.run) {
          process.stdout.write(`$ flexflow-sync ${step.run.argv.join(' ')}\n\n`);
          code = await main(step.run.argv, ioIn(cwd));
        } else {
          process.stdout.write(`${await step.run.console()}\n`);
        }
        if (code !== step.expect) {
          process.stderr.write(`\ndemo: step ${index + 1} exited ${code}, expected ${step.expect}\n`);
          return false;
        }
      }
      return true;
    },
    close: () => emulator.close(),
  };
}
