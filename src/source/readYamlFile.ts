import { type RegularFileRead, readRegularFile } from '../readRegularFile.js';
import { fileStart, problemAt } from './problems.js';
import { parseSimpleYaml } from './simpleYaml.js';
import type { Problem, SourcePosition } from './types.js';
import type { SourceFile } from './yamlSource.js';

/** Flow files are small; anything bigger is refused before it is read (a flow is a few hundred bytes). */
export const MAX_FILE_BYTES = 1024 * 1024;

type SourceText = { readonly text: string } | { readonly problem: Problem };

/**
 * Reads a file as UTF-8 text, refusing it (as a problem, not an exception) when too big, not text, or
 * not a regular file. Opened non-blocking: a named pipe called flows/x.yaml would otherwise hang the run.
 */
async function readSourceText(absolutePath: string, file: string): Promise<SourceText> {
  let read: RegularFileRead;
  try {
    read = await readRegularFile(absolutePath, MAX_FILE_BYTES);
  } catch (error) {
    // A missing file is the caller's to explain (a missing --config differs from a missing default).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === undefined) throw error;
    return {
      problem: problemAt(fileStart(file), 'unreadable', `cannot read the file (${code}); check that it exists and that you may read it`),
    };
  }
  if ('bytes' in read) return decodeText(read.bytes, file);
  if (read.refused === 'not-a-file') {
    return { problem: problemAt(fileStart(file), 'not-a-file', 'not a regular file (a folder, pipe or device); name a plain YAML file') };
  }
  return {
    problem: problemAt(
      fileStart(file),
      'file-too-large',
      `file is ${read.size} bytes; the limit is 1 MiB (${MAX_FILE_BYTES} bytes) per file: split it into several files`,
    ),
  };
}

function decodeText(bytes: Uint8Array, file: string): SourceText {
  const notText = (offset: number | undefined): SourceText => ({
    problem: problemAt(
      byteOffsetPosition(bytes, offset ?? 0, file),
      'encoding',
      'file is not UTF-8 text (binary data or another encoding); save it as UTF-8',
    ),
  });
  let text: string;
  try {
    // The decoder drops a leading UTF-8 BOM, which editors on Windows add.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return notText(firstInvalidUtf8(bytes));
  }
  return text.includes('\u0000') ? notText(bytes.indexOf(0)) : { text };
}

/** Where the byte at `offset` stands; the bytes before it are valid UTF-8. */
function byteOffsetPosition(bytes: Uint8Array, offset: number, file: string): SourcePosition {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  const line = before.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 1);
  return { file, line, column: new TextDecoder().decode(bytes.subarray(lineStart, offset)).length + 1 };
}

/**
 * The offset of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing past U+10FFFF), so that a single Latin-1 "é" is reported on its line, not at 1:1.
 */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1] as number;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return undefined;
}

/**
 * Reads a YAML file with positions (yamlSource.ts parseYamlText). The yaml library is loaded only
 * for a file the hand-written reader declines, so that `validate` of plain files starts without it.
 * Brackets other than an empty list's `[]` are left to parseYamlText, which first checks how deep they nest.
 */
export async function readYamlFile(absolutePath: string, file: string): Promise<SourceFile> {
  const source = await readSourceText(absolutePath, file);
  if ('problem' in source) return { documents: [], problems: [source.problem] };
  const plain = /\{|\[(?!\])/.test(source.text) ? undefined : parseSimpleYaml(source.text, file);
  return plain === undefined ? (await import('./yamlSource.js')).parseYamlText(source.text, file) : { documents: plain, problems: [] };
}
