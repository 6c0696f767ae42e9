// Output options shared by the engine's bundles: the CLI's (scripts/build-cli.mjs) and the
// desktop app's main and engine processes (electron.vite.config.ts). V8 keeps a module's
// source in the heap, and one character above U+00FF (tldts's IDN suffixes, a dash in a doc
// comment) makes it store all of it in two bytes per character: 2.1 MB instead of ~1 MB.
// Escaped to ASCII and without doc comments (no code reads them; license comments stay), the
// engine starts with ~1 MiB less RSS (bench/README.md, finding 21).
export const oneByteSource = {
  charset: 'ascii',
  comments: { legal: true, annotation: false, jsdoc: false },
};
