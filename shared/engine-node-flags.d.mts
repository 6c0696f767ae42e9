/** The engine's V8 flags: see engine-node-flags.mjs for why each is there. */
export const ENGINE_NODE_FLAGS: readonly string[];
