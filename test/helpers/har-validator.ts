/** A validator for HAR 1.2 documents, from the har-schema package's JSON schemas. */
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const harSchemas = require('har-schema') as Record<string, object>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as object;

export function harValidator() {
  // har-schema uses draft-06 and a few non-standard words (`min`, `optional`): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema('har.json#');
  if (!validate) throw new Error('har.json schema not found');
  return validate;
}
