import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import type { SourceDocument } from '../source/sourceDocument.js';
import { listFlowFiles } from '../flows/walk.js';
import { MAX_FILE_BYTES } from '../source/readYamlFile.js';
import { parseYamlText } from '../source/yamlSource.js';
import { readRegularFile } from '../readRegularFile.js';
import { writeFilesAllOrNothing } from '../writeFiles.js';

const BOM = '\uFEFF';

/** A flow file as migrate read it: the text it maps from and a digest of its bytes, to notice a change before writing. */
export interface ReadFile {
  readonly absolutePath: string;
  /** As problems name it: relative to the working directory. */
  readonly displayPath: string;
  /** Without a leading byte-order mark, which `bom` remembers so that a rewrite keeps it. */
  readonly text: string;
  readonly bom: boolean;
  readonly digest: string;
  readonly documents: readonly SourceDocument[];
}

const digestOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function readBytes(absolutePath: string, displayPath: string): Promise<Uint8Array> {
  let read;
  try {
    read = await readRegularFile(absolutePath, MAX_FILE_BYTES);
  } catch (error) {
    throw new UserInputError(`cannot read ${displayPath} (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was written`, {
      cause: error,
    });
  }
  if (!('bytes' in read))
    throw new UserInputError(
      `${displayPath} changed while migrate read it (no longer a regular file under 1 MiB); nothing was written, run again`,
    );
  return read.bytes;
}

/**
 * Reads every flow file under `dir`, after `validate`'s checks passed on them: a file that no longer
 * reads cleanly changed in between, and migrate stops rather than map what it did not validate.
 */
export async function readFlowFiles(dir: string, cwd: string): Promise<ReadFile[]> {
  const listing = await listFlowFiles(resolve(cwd, dir), cwd);
  const files: ReadFile[] = [];
  for (const { absolutePath, displayPath } of listing.files) {
    const bytes = await readBytes(absolutePath, displayPath);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (error) {
      throw new UserInputError(`${displayPath} changed while migrate read it (no longer UTF-8); nothing was written, run again`, {
        cause: error,
      });
    }
    const bom = text.startsWith(BOM);
    if (bom) text = text.slice(BOM.length);
    const parsed = parseYamlText(text, displayPath);
    if (parsed.problems.length > 0)
      throw new UserInputError(`${displayPath} changed while migrate read it (it no longer validates); nothing was written, run again`);
    files.push({ absolutePath, displayPath, text, bom, digest: digestOf(bytes), documents: parsed.documents });
  }
  return files;
}

export interface Rewrite {
  readonly file: ReadFile;
  readonly text: string;
}

/**
 * Writes every rewritten file, or none: each file's bytes are read again just before writing and
 * compared with what migrate read, so an edit made meanwhile (an editor, a `git checkout`) is never
 * overwritten. Each file is written atomically (temporary file, fsync, rename), as export writes.
 */
export async function writeRewrites(rewrites: readonly Rewrite[]): Promise<void> {
  const contents = rewrites.map(({ file, text }) => (file.bom ? BOM : '') + text);
  // An address configuration takes more lines than the flow it replaces: a full file could outgrow what validate reads.
  const tooLarge = rewrites.flatMap(({ file }, index) => {
    const size = Buffer.byteLength(contents[index] as string);
    return size > MAX_FILE_BYTES ? [`${file.displayPath} would grow to ${size} bytes`] : [];
  });
  if (tooLarge.length > 0) {
    throw new UserInputError(
      `${tooLarge.join(', ')}, over the 1 MiB (${MAX_FILE_BYTES} bytes) a flow file may hold; split it into several files and run migrate again; nothing was written`,
    );
  }
  const changed: string[] = [];
  for (const { file } of rewrites) {
    if (digestOf(await readBytes(file.absolutePath, file.displayPath)) !== file.digest) changed.push(file.displayPath);
  }
  if (changed.length > 0) {
    throw new UserInputError(
      `${changed.join(', ')} changed since migrate read ${changed.length === 1 ? 'it' : 'them'}; nothing was written: run migrate again`,
    );
  }
  await writeFilesAllOrNothing(
    rewrites.map(({ file }, index) => ({ path: file.absolutePath, content: contents[index] as string })),
    { force: true, display: (path) => rewrites.find(({ file }) => file.absolutePath === path)?.file.displayPath ?? path },
  );
}
