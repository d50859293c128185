import pkg from '../../package.json';

/** v6wizard's version, from package.json at build time (the bundle keeps only this field). */
export const VERSION: string = pkg.version;
