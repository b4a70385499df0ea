// Apart from markdown.ts so that the annotations validate writes do not load the diff library.
import { redactDeep } from '../plan/redact.js';
import { escapeUnprintable } from '../printable.js';

const MARKDOWN_SPECIALS: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '|': '&#124;',
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
  '#': '&#35;',
  '!': '&#33;',
  '@': '&#64;',
});

/**
 * Text from a file as inert Markdown inline text: control characters shown as escapes (a newline
 * cannot end a table row or a heading), HTML and Markdown punctuation as entities (no tags, links,
 * code spans, table cells or mentions), credentials redacted.
 */
export function escapeMarkdown(text: string): string {
  const visible = escapeUnprintable(redactDeep(text));
  return visible.replace(/[&<>"'`|\\*_~[\]#!@]/g, (char) => MARKDOWN_SPECIALS[char] ?? char);
}
