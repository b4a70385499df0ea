/**
 * Test helpers for what the GitHub Actions runner reads: the `$GITHUB_OUTPUT` file and workflow
 * commands in a step's log.
 */

/** `$GITHUB_OUTPUT` as the runner reads it: `name<<DELIM`, value lines, `DELIM`; nothing else allowed. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length - 1) {
    const match = /^([\w-]+)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(lines[index] ?? '');
    if (match === null) throw new Error(`not a heredoc header: ${JSON.stringify(lines[index])}`);
    const [, name = '', delimiter] = match;
    const end = lines.indexOf(delimiter ?? '', index + 1);
    if (end < 0) throw new Error(`no closing delimiter for ${name}`);
    if (name in outputs) throw new Error(`output ${name} written twice`);
    outputs[name] = lines.slice(index + 1, end).join('\n');
    index = end + 1;
  }
  return outputs;
}

/** Lines the runner would take as workflow commands (it ignores leading whitespace). */
export function commandLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trimStart().startsWith('::'));
}
