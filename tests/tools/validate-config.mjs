// Validates fanout configurations (plain JSON; the test strips comments and
// trailing commas first) against schema/fanout.schema.json.
// Usage: node validate-config.mjs SCHEMA.json FILE.json...
// Exit 0 when all are valid, 1 when one is not (errors on stderr), 2 on usage or I/O errors.
import { readFileSync } from "node:fs";
import Ajv from "ajv";

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node validate-config.mjs SCHEMA.json FILE.json...");
  process.exit(2);
}

let schema;
try {
  schema = JSON.parse(readFileSync(schemaPath, "utf8"));
} catch (error) {
  console.error(`cannot read the schema: ${error.message}`);
  process.exit(2);
}

// strict mode also checks the schema itself (unknown keywords, ambiguous types).
const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
const validate = ajv.compile(schema);
let failed = false;
for (const file of files) {
  let config;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`${file}: cannot read: ${error.message}`);
    process.exit(2);
  }
  if (validate(config)) {
    console.log(`${file}: valid`);
    continue;
  }
  failed = true;
  for (const error of validate.errors) {
    console.error(`${file}: ${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  }
}
process.exit(failed ? 1 : 0);
