import { createHash } from 'node:crypto';

/**
 * The line export writes as the second of each file it writes, so that a later export can prove the
 * file is its own, unchanged since, before it removes it: the digest covers every other byte of the
 * file. A file a person wrote, or edited after export wrote it, is never removed (only listed).
 */
const STAMP = /^# Written by flexflow-sync export \(sha256 ([0-9a-f]{16})\)[^\n]*\n/;

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

const stampLine = (hash: string): string =>
  `# Written by flexflow-sync export (sha256 ${hash}); a later export --force replaces or removes it while unchanged.\n`;

/** Bytes the stamp adds to a file. */
export const STAMP_BYTES = Buffer.byteLength(stampLine(digest('')));

/** The text with the stamp after its first line (the schema comment). */
export function stamped(text: string): string {
  const firstLine = text.indexOf('\n') + 1;
  return text.slice(0, firstLine) + stampLine(digest(text)) + text.slice(firstLine);
}

/** Whether export wrote the text: `unchanged` when the stamp holds, `edited` when stamped but changed since, `foreign` when not stamped. */
export function stampOf(raw: string): 'unchanged' | 'edited' | 'foreign' {
  // A checkout with git's autocrlf turns every line ending into CRLF: that is not an edit.
  const text = raw.replaceAll('\r\n', '\n');
  const firstLine = text.indexOf('\n') + 1;
  const match = STAMP.exec(text.slice(firstLine));
  if (firstLine === 0 || match === null) return 'foreign';
  return digest(text.slice(0, firstLine) + text.slice(firstLine + match[0].length)) === match[1] ? 'unchanged' : 'edited';
}
