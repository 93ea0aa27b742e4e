// Validates a SARIF log against the SARIF 2.1.0 JSON Schema.
// Usage: node validate-sarif.mjs SCHEMA.json FILE.sarif
// Exit 0 when valid, 1 when invalid (errors on stderr), 2 on usage or I/O errors.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, sarifPath] = process.argv.slice(2);
if (!schemaPath || !sarifPath) {
  console.error("usage: node validate-sarif.mjs SCHEMA.json FILE.sarif");
  process.exit(2);
}

let schema;
let log;
try {
  schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  log = JSON.parse(readFileSync(sarifPath, "utf8"));
} catch (error) {
  console.error(`cannot read input: ${error.message}`);
  process.exit(2);
}

// The shipped schema declares draft 2020-12 but still keeps its subschemas
// under `definitions`; strict mode would reject that, so only it is relaxed.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
if (!validate(log)) {
  for (const error of validate.errors) {
    console.error(`${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
  }
  process.exit(1);
}
console.log(`${sarifPath}: valid SARIF 2.1.0`);
