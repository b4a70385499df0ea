import { Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_SUMMARIES, type CommandName } from '../src/cli/commands/command.js';
import { COMMAND_LOADERS } from '../src/cli/commands/index.js';
import { captureIo } from './helpers/cli.js';

const { io } = captureIo();
const commands = await Promise.all(Object.values(COMMAND_LOADERS).map(async (load) => (await load())(io, { code: 0 })));

/** Words an option description may start with in capitals: names and acronyms, not sentence case. */
const PROPER_START = /^(?:[A-Z]{2,}|Flex|Twilio)\b/;

describe('--help style', () => {
  it.each(commands.map((command) => ({ name: command.name(), command })))('$name: the description is a sentence', ({ command }) => {
    expect(command.description()).toMatch(/^[A-Z].*\.$/s);
  });

  it.each(
    commands.flatMap((command) =>
      command.options.map((option) => ({ name: `${command.name()} ${option.long ?? option.flags}`, text: option.description })),
    ),
  )('$name: the option description is lower-case with no final period', ({ text }) => {
    expect(text).not.toMatch(/\.$/);
    expect(/^[a-z0-9$-]/.test(text) || PROPER_START.test(text)).toBe(true);
  });

  it.each(commands.map((command) => ({ name: command.name(), command })))(
    '$name: --help lists it as it is, without loading it',
    ({ name, command }) => {
      expect(COMMAND_SUMMARIES[name as CommandName].term).toBe(new Help().subcommandTerm(command));
    },
  );
});
