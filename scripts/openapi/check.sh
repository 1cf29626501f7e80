#!/usr/bin/env bash
# Checks Onward's OpenAPI document (internal/web/openapi.json) with the tools
# a client's developer would use, at the versions pinned in package-lock.json:
#   1. @apidevtools/swagger-parser validates it (OpenAPI 3.1 schema, $refs);
#   2. Redocly CLI lints it with the recommended rules: no error, and no
#      warning but those accepted in .redocly.lint-ignore.yaml (docs/api.md);
#   3. openapi-typescript generates a client's types, and client.ts, which
#      uses them, type-checks under tsc --strict.
# Usage: scripts/openapi/check.sh   (from any directory; needs node and npm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
doc=../../internal/web/openapi.json
# Redocly asks the network for updates and sends usage data unless told not to.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

npm ci --no-audit --no-fund --loglevel=error >/dev/null
node validate.mjs "$doc"

lint=$(npx --no-install redocly lint --config redocly.yaml "$doc" --format=json 2>/dev/null) || true
node -e '
const r = JSON.parse(process.argv[1]);
const t = r.totals;
for (const p of r.problems.filter((p) => !p.ignored)) console.error(`redocly: ${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0].pointer}`);
console.log(`redocly lint (recommended): ${t.errors} errors, ${t.warnings} warnings, ${t.ignored} accepted (docs/api.md)`);
process.exit(t.errors + t.warnings > 0 ? 1 : 0);
' "$lint"

rm -rf generated && mkdir generated
npx --no-install openapi-typescript "$doc" -o generated/onward.ts --silent
npx --no-install tsc -p tsconfig.json
echo "openapi-typescript + tsc --strict: the generated client type-checks"
