#!/usr/bin/env bash
# Validates the FHIR R4 Bundle of the sample export
# (internal/export/testdata/sample-bundle.json, kept current by
# TestFHIRSampleBundleIsCurrent) against HL7's FHIR R4 JSON schema, at the
# version pinned in package-lock.json.
# Usage: scripts/fhir/check.sh   (from any directory; needs node and npm)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
node validate.js ../../internal/export/testdata/sample-bundle.json
