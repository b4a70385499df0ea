/**
 * Text from files and servers shown to people: nothing in it may move the cursor, colour or clear
 * a terminal, end a line (and so start a GitHub workflow command), reorder what is displayed
 * (bidirectional overrides and isolates), or be a lone surrogate. Linear in the length of the text.
 */

import { redactUrlCredentials } from './redactUrl.js';

/** C0 and C1 controls, DEL, line and paragraph separators, bidi marks, overrides and isolates, lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\p{Cs}/gu;

const FIRST_UNPRINTABLE = new RegExp(UNPRINTABLE.source, 'u');

/** The first character escapeUnprintable would escape, as `U+202E at character 3`, or undefined. */
export function findUnprintable(text: string): string | undefined {
  const match = FIRST_UNPRINTABLE.exec(text);
  if (match === null) return undefined;
  return codePointAt(text, match.index);
}

/** `U+200B at character 9`: where a code point stands, as messages name it. */
function codePointAt(text: string, index: number): string {
  const code = (text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at character ${[...text.slice(0, index)].length + 1}`;
}

/**
 * The first character that shows as nothing or as another spelling of the same text: a format
 * character (Unicode category Cf: zero-width space and joiners, soft hyphen, word joiner, BOM), or the
 * first code point where the text leaves Unicode NFC (a decomposed `é`). Two names that differ only so
 * look identical in a terminal and a review. Undefined when there is none.
 */
export function findInvisible(text: string): { readonly what: string; readonly at: string } | undefined {
  const format = /\p{Cf}/u.exec(text);
  if (format !== null) return { what: 'invisible format characters', at: codePointAt(text, format.index) };
  if (text.normalize('NFC') === text) return undefined;
  let index = 0;
  for (const char of text) {
    if (text.slice(0, index + char.length).normalize('NFC') !== text.slice(0, index + char.length))
      return { what: 'decomposed characters (Unicode NFC is required)', at: codePointAt(text, index) };
    index += char.length;
  }
  return undefined;
}

/** `text` with each unprintable character written as a JSON escape (`\n`, `\u202e`). */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const json = JSON.stringify(char).slice(1, -1);
    return json !== char ? json : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Each line of `text` made printable; for messages that list several problems, one per line. */
export function escapeUnprintableLines(text: string): string {
  return text.split('\n').map(escapeUnprintable).join('\n');
}

/** Longest text kept from a server's message: enough for any real error, too little to flood a log. */
const MAX_SERVER_TEXT = 500;

/**
 * Text a server sent (an error message, a status line): terminal escape sequences removed, other
 * unprintable characters escaped, and cut to MAX_SERVER_TEXT characters.
 */
export function serverText(text: string): string {
  const cut = text.length > MAX_SERVER_TEXT ? `${text.slice(0, MAX_SERVER_TEXT)}…` : text;
  // CSI (ESC [ params final) and OSC (ESC ] text, ended by BEL or ESC \) sequences.
  // eslint-disable-next-line no-control-regex -- terminal sequences start with ESC
  const plain = cut.replace(/\u001b\[[0-?]*[ -/]*[@-~]?|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '');
  return escapeUnprintable(plain);
}

/** A name as plans and messages show it: quoted, a URL's credentials redacted (as plan/redact.ts redactValue), nothing unprintable. */
export function formatName(name: string): string {
  return escapeUnprintable(JSON.stringify(redactUrlCredentials(name, [name])));
}
