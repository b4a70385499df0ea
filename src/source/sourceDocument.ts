import type { SourcePosition } from './types.js';

// Apart from yamlSource.ts, which reads the files, so that the hand-written reader it calls can name them too.

export interface NodePositions {
  /** The key that holds the value (absent for the document root and list items). */
  readonly key?: SourcePosition;
  readonly value: SourcePosition;
}

/**
 * One YAML document as plain data plus where each part of it stands. Mappings are built with a
 * null prototype so that keys such as `__proto__` or `constructor` are ordinary data.
 */
export interface SourceDocument {
  readonly file: string;
  readonly value: unknown;
  /** JSON pointer (`/integration/url`, `` for the root) to positions. */
  readonly positions: ReadonlyMap<string, NodePositions>;
  readonly start: SourcePosition;
}
