// Build plugin (vite/rolldown) for the engine's bundles: an `import` of a Node built-in
// becomes a `require()` of it (bench/README.md, finding 22).
//
// Why: for an ES import of a built-in, Node builds the module's ES facade, which reads every
// export, and reading runs the lazy getters the built-in has for things the engine never uses.
// `node:http`'s WebSocket, CloseEvent and MessageEvent getters load Node's internal copy of
// undici (76 more modules in a bare process). On Node 24, the desktop app's runtime, the
// engine now starts with 14 fewer modules and ~3 MiB less RSS.
//
// How: each built-in an ES module imports resolves to a small module that `require`s it and
// exports its members, each read only where the bundle uses it (the reads are marked pure, so
// the bundler drops the unused ones). The small modules share one `require`, made once in a
// module of its own. `require()` calls of bundled CommonJS packages stay as they are: they
// build no facade. `node:module` stays a real import: that shared module needs it.
import { builtinModules, createRequire } from 'node:module';

const PREFIX = '\0builtin-by-require:';
/** The module holding the one `require` the generated modules share. */
const SHARED_REQUIRE = '\0builtin-by-require/require';
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const require = createRequire(import.meta.url);
/** The generated module's own names, which no member may take. */
const HELPERS = ['__require', '__builtin', '__member'];
const isIdentifier = (key) => /^[A-Za-z_$][\w$]*$/.test(key);

/** Whether `external` (rolldown's option, in any of its forms) marks `id` as external. */
function isExternal(external, id, importer, isResolved) {
  if (typeof external === 'function') return Boolean(external(id, importer, isResolved));
  const patterns = Array.isArray(external) ? external : external ? [external] : [];
  return patterns.some((pattern) =>
    typeof pattern === 'string' ? pattern === id : pattern.test(id),
  );
}

/** @returns {import('vite').Plugin} */
export function builtinsByRequire() {
  return {
    name: 'portico:builtins-by-require',
    enforce: 'pre',
    // Built-ins must reach resolveId below; configs (electron-vite's among them) mark them all
    // external, and rolldown does not resolve what it was told is external.
    options(options) {
      const external = options.external;
      return {
        ...options,
        external: (id, importer, isResolved) =>
          !builtins.has(id) && isExternal(external, id, importer, isResolved),
      };
    },
    resolveId(id, _importer, { kind }) {
      if (id === SHARED_REQUIRE) return id;
      if (!builtins.has(id)) return null;
      const name = id.replace(/^node:/, '');
      if (kind !== 'import-statement' || name === 'module')
        return { id: `node:${name}`, external: true };
      return PREFIX + name;
    },
    load(id) {
      if (id === SHARED_REQUIRE)
        return [
          "import { createRequire } from 'node:module';",
          'export default createRequire(import.meta.url);',
        ].join('\n');
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      // The members of the Node that builds; one the engine imports and this Node lacks
      // fails the build rather than reading undefined at run time.
      const members = Object.keys(require(`node:${name}`)).filter(
        (key) => !['default', ...HELPERS].includes(key) && isIdentifier(key),
      );
      return [
        `import __require from '${SHARED_REQUIRE}';`,
        `const __builtin = __require('node:${name}');`,
        'const __member = (key) => __builtin[key];',
        'export default __builtin;',
        ...members.map((key) => `export const ${key} = /* @__PURE__ */ __member('${key}');`),
      ].join('\n');
    },
  };
}
