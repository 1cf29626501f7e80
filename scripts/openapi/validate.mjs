// Validates Onward's OpenAPI document with @apidevtools/swagger-parser
// (structure, $refs, the OpenAPI 3.1 schema). Usage: node validate.mjs FILE
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  const operations = Object.values(api.paths).flatMap((item) =>
    Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch"].includes(k)),
  );
  console.log(`swagger-parser: ${file} is valid OpenAPI ${api.openapi} (${operations.length} operations)`);
} catch (err) {
  console.error(`swagger-parser: ${file} is not valid: ${err.message}`);
  process.exit(1);
}
