// Preloaded into a process under test (`node --import <this file>`): at exit, writes the
// modules Node loaded (process.moduleLoadList: "NativeModule http", "Internal Binding fs", …)
// to $MODULE_LIST_FILE, one a line. getBuiltinModule, not an import: an ES import of node:fs
// would itself load modules the list is meant to show.
const { writeFileSync } = process.getBuiltinModule('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.MODULE_LIST_FILE, process.moduleLoadList.join('\n'));
});
