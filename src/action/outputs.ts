/**
 * Reads back the step outputs the CLI appended to its `$GITHUB_OUTPUT` (the heredoc form that
 * renderOutputFile writes), so that the action can write every output exactly once, its own
 * `exit-code` included.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const header = /^([^<=]+)<<(.+)$/.exec(lines[index] ?? '');
    if (header === null) continue;
    const [, name = '', delimiter] = header;
    const end = lines.indexOf(delimiter ?? '', index + 1);
    if (end < 0) break;
    outputs[name] = lines.slice(index + 1, end).join('\n');
    index = end;
  }
  return outputs;
}
