/** Portico's version, from package.json (bundled at build time). */
import pkg from '../../package.json';

export const PORTICO_VERSION: string = pkg.version;
