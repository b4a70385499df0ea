import type { Argument, Command, Option } from 'commander';

/**
 * Shell completion scripts, generated from the commander program itself, so that a new command,
 * option or choice is completed without anyone remembering to edit a script.
 */

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** What a word after an option or in an argument's place may be. */
type ValueKind =
  | { readonly kind: 'none' }
  | { readonly kind: 'file' }
  | { readonly kind: 'folder' }
  | { readonly kind: 'free' }
  | { readonly kind: 'choice'; readonly choices: readonly string[] };

interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly description: string;
  readonly value: ValueKind;
}

interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** What positional arguments complete to (`none` when the command takes none). */
  readonly argument: ValueKind;
}

function optionValue(option: Option): ValueKind {
  if (!option.required && !option.optional) return { kind: 'none' };
  if (option.argChoices !== undefined) return { kind: 'choice', choices: option.argChoices };
  if (/<(?:path|dir|folder)>/.test(option.flags)) return { kind: 'folder' };
  if (/<file>/.test(option.flags)) return { kind: 'file' };
  return { kind: 'free' };
}

function argumentValue(args: readonly Argument[]): ValueKind {
  const [first] = args;
  if (first === undefined) return { kind: 'none' };
  if (first.argChoices !== undefined) return { kind: 'choice', choices: first.argChoices };
  return { kind: 'file' };
}

/** The first line of a description, as a shell shows beside a candidate. */
function summary(text: string): string {
  return text.split('\n')[0]!.replace(/\.$/, '');
}

function commandSpec(command: Command): CommandSpec {
  const options = command.options
    .filter((option) => option.long !== undefined)
    .map((option) => ({
      long: option.long!,
      ...(option.short === undefined ? {} : { short: option.short }),
      description: summary(option.description),
      value: optionValue(option),
    }));
  return {
    name: command.name(),
    description: summary(command.description()),
    options: [...options, { long: '--help', short: '-h', description: 'display help for command', value: { kind: 'none' } }],
    argument: argumentValue(command.registeredArguments),
  };
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bashValue(value: ValueKind, indent: string): string {
  switch (value.kind) {
    case 'choice':
      return `${indent}COMPREPLY=($(compgen -W ${quote(value.choices.join(' '))} -- "$cur"))`;
    case 'file':
      return `${indent}COMPREPLY=($(compgen -f -- "$cur"))`;
    case 'folder':
      return `${indent}COMPREPLY=($(compgen -d -- "$cur"))`;
    case 'none':
    case 'free':
      return `${indent}COMPREPLY=()`;
  }
}

function bashScript(program: string, commands: readonly CommandSpec[]): string {
  const fn = `_${program.replace(/\W/g, '_')}`;
  const cases = commands.map((command) => {
    const valued = command.options.filter((option) => option.value.kind !== 'none');
    const flags = command.options.flatMap((option) => [option.long, ...(option.short === undefined ? [] : [option.short])]);
    return [
      `    ${command.name})`,
      ...(valued.length === 0
        ? []
        : [
            '      case "$prev" in',
            ...valued.map(
              (option) =>
                `        ${[option.long, ...(option.short === undefined ? [] : [option.short])].join('|')})\n${bashValue(option.value, '          ')}\n          return ;;`,
            ),
            '      esac',
          ]),
      `      if [[ "$cur" == -* ]]; then`,
      `        COMPREPLY=($(compgen -W ${quote(flags.join(' '))} -- "$cur"))`,
      '      else',
      bashValue(command.argument, '        '),
      '      fi',
      '      ;;',
    ].join('\n');
  });
  return `# ${program} completion for bash. Load it in ~/.bashrc:
#   source <(${program} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    # The first word that is not an option names the command: the program's own options take no value.
    if [[ "\${COMP_WORDS[i]}" != -* ]]; then command="\${COMP_WORDS[i]}"; break; fi
  done
  case "$command" in
    "")
      COMPREPLY=($(compgen -W ${quote([...commands.map((command) => command.name), '--help', '--version'].join(' '))} -- "$cur"))
      ;;
${cases.join('\n')}
  esac
}
complete -o filenames -F ${fn} ${program}
`;
}

/** Text inside an _arguments `[…]` or a _describe `name:description`, within single quotes. */
const zshText = (text: string): string => text.replace(/([[\]:\\])/g, '\\$1').replace(/'/g, `'\\''`);

function zshAction(value: ValueKind): string {
  switch (value.kind) {
    case 'choice':
      return `(${value.choices.join(' ')})`;
    case 'file':
      return '_files';
    case 'folder':
      return '_files -/';
    case 'none':
    case 'free':
      return ' ';
  }
}

function zshScript(program: string, commands: readonly CommandSpec[]): string {
  const fn = `_${program.replace(/\W/g, '_')}`;
  const cases = commands.map((command) => {
    const specs = command.options.map((option) => {
      const names = option.short === undefined ? option.long : `{${option.short},${option.long}}`;
      const exclusive = option.short === undefined ? '' : `'(${option.short} ${option.long})'`;
      const value = option.value.kind === 'none' ? '' : `:value:${zshAction(option.value)}`;
      return `${exclusive}${names}'[${zshText(option.description)}]${value}'`;
    });
    if (command.argument.kind !== 'none') specs.push(`'*:argument:${zshAction(command.argument)}'`);
    return `        ${command.name})\n          _arguments -s \\\n            ${specs.join(' \\\n            ')}\n          ;;`;
  });
  return `#compdef ${program}
# ${program} completion for zsh. Load it in ~/.zshrc (after compinit):
#   source <(${program} completion zsh)
# or save it as _${program} in a folder of $fpath.
${fn}() {
  local state line
  local -a commands
  commands=(
${commands.map((command) => `    '${zshText(command.name)}:${zshText(command.description)}'`).join('\n')}
  )
  _arguments -C \\
    '(- *)'{-V,--version}'[output the version number]' \\
    '(- *)'{-h,--help}'[display help for command]' \\
    '1: :->command' \\
    '*:: :->arguments'
  case $state in
    command)
      _describe -t commands '${program} command' commands
      ;;
    arguments)
      case $line[1] in
${cases.join('\n')}
      esac
      ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${program}
fi
`;
}

function fishValue(value: ValueKind): string {
  switch (value.kind) {
    case 'choice':
      return ` -x -a ${quote(value.choices.join(' '))}`;
    case 'file':
      return ' -r -F';
    case 'folder':
      return ` -x -a '(__fish_complete_directories)'`;
    case 'free':
      return ' -x';
    case 'none':
      return '';
  }
}

function fishScript(program: string, commands: readonly CommandSpec[]): string {
  const lines = [
    `# ${program} completion for fish. Load it once:`,
    `#   ${program} completion fish > ~/.config/fish/completions/${program}.fish`,
    `complete -c ${program} -f`,
    `complete -c ${program} -n '__fish_use_subcommand' -s V -l version -d 'output the version number'`,
    `complete -c ${program} -n '__fish_use_subcommand' -s h -l help -d 'display help for command'`,
    ...commands.map((command) => `complete -c ${program} -n '__fish_use_subcommand' -a ${command.name} -d ${quote(command.description)}`),
  ];
  for (const command of commands) {
    const when = `-n '__fish_seen_subcommand_from ${command.name}'`;
    for (const option of command.options) {
      const short = option.short === undefined ? '' : ` -s ${option.short.slice(1)}`;
      lines.push(
        `complete -c ${program} ${when}${short} -l ${option.long.slice(2)}${fishValue(option.value)} -d ${quote(option.description)}`,
      );
    }
    if (command.argument.kind === 'file') lines.push(`complete -c ${program} ${when} -F`);
    if (command.argument.kind === 'choice') lines.push(`complete -c ${program} ${when} -a ${quote(command.argument.choices.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`, covering every subcommand of `program`. */
export function completionScript(shell: CompletionShell, program: Command): string {
  const commands = program.commands.map(commandSpec);
  switch (shell) {
    case 'bash':
      return bashScript(program.name(), commands);
    case 'zsh':
      return zshScript(program.name(), commands);
    case 'fish':
      return fishScript(program.name(), commands);
  }
}
