import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import type { FlowFields } from '../../src/model/flexFlow.js';
import type { Io } from '../../src/cli/io.js';
import { CHAT_SERVICE } from './fixtures.js';
import { runCli } from './cli.js';
import { clientFor } from './flexClient.js';
import { writeFlowsFolder } from './tempDir.js';
import { emulatorEnv, withEmulator } from './withEmulator.js';

/** A flow file: an enabled web flow named `name`, plus `extra` YAML lines. */
export const flowFile = (name: string, extra = ''): string =>
  `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\nenabled: true\n${extra}`;

/**
 * A folder (`cwd`) with the given flow files under flows/ and `settings` as flexflow-sync.yaml, an
 * emulator for this test holding the `live` flows, a client for it, and the CLI pointed at it.
 */
export async function applyWorkspace(
  cwd: string,
  files: Record<string, string>,
  live: readonly FlowFields[],
  options: EmulatorOptions = {},
  settings = 'prune: true\n',
) {
  await writeFlowsFolder(cwd, files);
  await writeFile(join(cwd, 'flexflow-sync.yaml'), settings);
  const emulator = await withEmulator(options);
  const client = clientFor(emulator);
  for (const fields of live) await client.create(fields);
  const cli = (args: readonly string[], io: Partial<Io> = {}) => runCli(args, { cwd, env: emulatorEnv(emulator), ...io });
  const apply = (...args: string[]) => cli(['apply', '--auto-approve', ...args]);
  return { emulator, client, cli, apply };
}
