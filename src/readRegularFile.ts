import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** A file named by a user, read only when it is a regular file of at most the given size. */
export type RegularFileRead =
  { readonly bytes: Uint8Array } | { readonly refused: 'not-a-file' } | { readonly refused: 'too-large'; readonly size: number };

/**
 * Reads `absolutePath` if it is a regular file of at most `maxBytes`. It is opened non-blocking and
 * checked through the open handle, so a named pipe never blocks the read and a file swapped between
 * a check and the read is not read. Opening errors (ENOENT, EACCES) are thrown for the caller to word.
 */
export async function readRegularFile(absolutePath: string, maxBytes: number): Promise<RegularFileRead> {
  const handle: FileHandle = await open(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { refused: 'not-a-file' };
    if (info.size > maxBytes) return { refused: 'too-large', size: info.size };
    return { bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
