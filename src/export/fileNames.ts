import filenamify from 'filenamify';
import { compareText } from '../compareText.js';

/** Every exported flow file ends so; the flows loader reads `.yaml` and `.yml`. */
const FLOW_FILE_EXTENSION = '.yaml';

/**
 * Longest stem in UTF-8 bytes. ext4 allows 255 bytes per name, APFS 255 characters, NTFS 255 UTF-16
 * units; a short stem also keeps Windows' 260-character paths within reach, and leaves room for the
 * collision suffix and the extension.
 */
export const MAX_STEM_BYTES = 80;

const FALLBACK_STEM = 'flow';

// Windows refuses these as the part before the first dot, in any case, also with superscript digits.
const WINDOWS_RESERVED_STEM = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function truncateToBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/** Legal in file names, but they make a shell expand or split an unquoted name (`$x`, `a;b`, `*`). */
const SHELL_SPECIAL = /[$`'!&;(){}[\]~^#,=]/g;

/**
 * Tidies what filenamify left: no spaces or shell-special characters, no hidden (leading-dot) files,
 * no trailing dots, lower case.
 */
function tidyStem(name: string): string {
  return name
    .toLowerCase()
    .replace(SHELL_SPECIAL, '-')
    .replace(/\s+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.\-_]+/, '')
    .replace(/[.\-_ ]+$/, '');
}

/**
 * The stem (name without extension) for one friendly name: safe on Linux, macOS and Windows. NFC
 * (macOS stores NFD; two spellings of one name must meet in one stem), no path separators, no
 * control or reserved characters, no `..`, no Windows device names, no trailing dots or spaces,
 * at most MAX_STEM_BYTES bytes.
 */
export function safeStem(friendlyName: string): string {
  const replaced = filenamify(friendlyName.normalize('NFC'), { replacement: '-', maxLength: 1000 });
  let stem = tidyStem(truncateToBytes(tidyStem(replaced), MAX_STEM_BYTES));
  if (stem === '' || stem === '!') stem = FALLBACK_STEM;
  if (WINDOWS_RESERVED_STEM.test(stem)) stem = stem.replace(/^([^.]*)/, '$1_');
  return stem;
}

/** The key under which two names clash on a case-insensitive file system (macOS, Windows). */
function collisionKey(fileName: string): string {
  return fileName.normalize('NFC').toLowerCase();
}

/**
 * A safe, collision-free file name (with FLOW_FILE_EXTENSION) for a friendly name. `taken` holds the
 * collisionKey of every name already handed out; the result's key is added to it. A clash gets the
 * first free `-2`, `-3`, ... suffix, so the outcome depends on call order: call in sorted order
 * (assignFileNames does) for names that do not change from one export to the next.
 */
export function safeFileName(friendlyName: string, taken: Set<string>): string {
  const stem = safeStem(friendlyName);
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${stem}${FLOW_FILE_EXTENSION}` : `${stem}-${n}${FLOW_FILE_EXTENSION}`;
    const key = collisionKey(name);
    if (!taken.has(key)) {
      taken.add(key);
      return name;
    }
  }
}

/**
 * File names for a set of friendly names, deterministic whatever order they come in: names are
 * handed out in code-point order of friendly_name. `reserved` holds names already in use (e.g. a
 * shared file) that no flow may take.
 */
export function assignFileNames(friendlyNames: readonly string[], reserved: readonly string[] = []): Map<string, string> {
  const taken = new Set(reserved.map(collisionKey));
  const names = new Map<string, string>();
  for (const friendlyName of [...friendlyNames].sort(compareText)) {
    names.set(friendlyName, safeFileName(friendlyName, taken));
  }
  return names;
}
