/**
 * What to say after commander's "unknown option" when the mistake is a common one: a word from
 * another tool's habits (`-v` for the version) or from another command (`plan --dry-run`).
 */
const HINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  '*': { '-v': 'did you mean -V (--version), as `flexflow-sync -V`?' },
  plan: {
    '--dry-run': 'plan never changes anything, so it has no --dry-run; `apply --dry-run` prints the API calls apply would make',
    '--auto-approve': 'plan never changes anything, so there is nothing to approve; --auto-approve belongs to apply',
  },
  validate: { '--api-url': 'validate is offline and reads no account; plan compares the files with one' },
});

const UNKNOWN_OPTION = /^error: unknown option '([^']+)'$/m;

/** Commander's error text for `command`, with the hint appended to its first line when there is one. */
export function withUsageHint(command: string, text: string): string {
  const option = UNKNOWN_OPTION.exec(text)?.[1];
  if (option === undefined) return text;
  const hint = HINTS[command]?.[option] ?? HINTS['*']?.[option];
  return hint === undefined ? text : text.replace(UNKNOWN_OPTION, (line) => `${line}; ${hint}`);
}
