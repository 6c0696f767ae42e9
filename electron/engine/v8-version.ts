/** The major version of the V8 the engine runs on: 11 on Node 20, 12 on Node 22, 13 on Node 24. */
export function v8MajorVersion(): number {
  return Number(process.versions.v8.split('.')[0]);
}
