/** Rolldown output options that keep the engine's bundled source one byte per character. */
export const oneByteSource: {
  charset: 'ascii';
  comments: { legal: true; annotation: false; jsdoc: false };
};
