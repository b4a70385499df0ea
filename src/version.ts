import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** package.json's version: the one source for --version, the User-Agent and the pinned schema URL. */
export const PACKAGE_VERSION = (require('../package.json') as { version: string }).version;
