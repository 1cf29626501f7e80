#!/usr/bin/env bash
# Runs Onward's whole test suite, as CI does (.ci/run): gofmt, go vet, and
# go test -race twice, on SQLite and on PostgreSQL, each time with the browser
# tests of e2e/ in headless Chromium with axe-core; and the OpenAPI document
# through swagger-parser, Redocly's lint and a generated TypeScript client
# (scripts/openapi/check.sh); and the sample export's FHIR Bundle against
# HL7's R4 JSON schema (scripts/fhir/check.sh).
#
# As root it first installs what is missing (Chromium, fonts, PostgreSQL) with
# apt-get; as another user they must be installed already. It starts a
# throwaway PostgreSQL on loopback and removes it on exit. A part that cannot
# run fails the script; the last line says what passed and what failed.
#
# Usage: scripts/test.sh   (from any directory)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# CI machines have Go in /usr/local/go, not always on the PATH.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
	PATH=/usr/local/go/bin:$PATH
fi

die() {
	printf 'test.sh: FAIL: %s\n' "$*" >&2
	exit 1
}

command -v go >/dev/null || die "go is not on the PATH"

# pg_bindir prints the directory of the newest installed PostgreSQL's
# programs (Debian keeps them off the PATH, in /usr/lib/postgresql/VERSION/bin).
pg_bindir() {
	local initdb
	initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)
	if [[ ! -x $initdb ]]; then
		initdb=$(command -v initdb) || return 1
	fi
	dirname "$initdb"
}

have_browser() {
	command -v chromium || command -v chromium-browser || command -v google-chrome
} >/dev/null

install_missing() {
	local missing=()
	have_browser || missing+=(chromium)
	command -v chromedriver >/dev/null || missing+=(chromium-driver)
	dpkg -s fonts-liberation >/dev/null 2>&1 || missing+=(fonts-liberation)
	pg_bindir >/dev/null || missing+=(postgresql)
	command -v npm >/dev/null || die "npm is missing; the browser tests need it for axe-core"
	if ((${#missing[@]} == 0)); then
		return
	fi
	if ((EUID != 0)); then
		# Only the browser and PostgreSQL are needed; the rest is for root
		# to add on CI machines.
		have_browser || die "Chromium is missing; install it (Debian: apt-get install chromium) or run as root"
		pg_bindir >/dev/null || die "PostgreSQL is missing; install it (Debian: apt-get install postgresql) or run as root"
		return
	fi
	echo "== installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q || die "apt-get update failed"
	apt-get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install ${missing[*]} failed"
}

# as_postgres runs a PostgreSQL program as the user "postgres" when we are root
# (initdb and pg_ctl refuse to run as root), and as ourselves otherwise. It
# runs from /, which that user can always enter.
as_postgres() {
	if ((EUID == 0)); then
		(cd / && exec runuser -u postgres -- "$@")
	else
		(cd / && exec "$@")
	fi
}

PGBIN=""
PG_URL=""
PGDIR="" # holds data/, the socket and the logs; removed on exit

# start_postgres starts a throwaway server on a free loopback port, creates the
# database onward_test and sets PG_URL to its URL.
start_postgres() {
	PGBIN=$(pg_bindir) || die "PostgreSQL's initdb not found"
	# /tmp, not $TMPDIR: the user postgres must reach it, and the socket's
	# path must stay under 108 bytes.
	PGDIR=$(mktemp -d /tmp/onward-pg.XXXXXX)
	if ((EUID == 0)); then
		chown postgres:postgres "$PGDIR"
	fi
	local port
	port=$(node -e 'const s = require("net").createServer();
		s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });') ||
		die "could not find a free port"

	if ! as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >"$PGDIR/initdb.log" 2>&1; then
		cat "$PGDIR/initdb.log" >&2
		die "initdb failed"
	fi
	# The server is thrown away at the end, so it need not survive a power
	# cut: without fsync each test's schema migrates in a sixth of the time.
	# (The kill -9 test kills Onward, not PostgreSQL; crashing PostgreSQL
	# itself is a hand-run test, see cmd/onward/durability_test.go.)
	if ! as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/postgres.log" -w \
		-o "-p $port -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null; then
		cat "$PGDIR/postgres.log" >&2
		die "PostgreSQL did not start"
	fi
	"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres onward_test || die "createdb onward_test failed"
	PG_URL="postgres://postgres@127.0.0.1:$port/onward_test?sslmode=disable"
	echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgres() {
	if [[ -z $PGDIR ]]; then
		return
	fi
	if [[ -f $PGDIR/data/postmaster.pid ]]; then
		as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null ||
			as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null ||
			echo "test.sh: could not stop the PostgreSQL in $PGDIR" >&2
	fi
	rm -rf "$PGDIR"
}

# Bash runs the EXIT trap on an interrupt only if the interrupt is trapped too.
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=()
failed=()

# step NAME COMMAND... runs the command and records whether it passed, so that
# one failure does not hide the others.
step() {
	local name=$1 start=$SECONDS
	shift
	echo "== $name"
	if "$@"; then
		passed+=("$name")
		echo "-- $name: ok ($((SECONDS - start))s)"
	else
		failed+=("$name")
		echo "-- $name: FAILED ($((SECONDS - start))s)"
	fi
}

check_gofmt() {
	local out
	out=$(gofmt -l .) || return 1
	if [[ -n $out ]]; then
		printf 'not formatted with gofmt (run gofmt -w):\n%s\n' "$out"
		return 1
	fi
}

# go_test URL runs the whole suite once, with the browser tests (which fail,
# not skip, when Chromium or axe-core is missing): on SQLite when URL is
# empty, else on the PostgreSQL at URL. The timeout allows for e2e/ building
# the server with -race while the other packages compile.
go_test() (
	if [[ -n $1 ]]; then
		export ONWARD_TEST_POSTGRES=$1
	else
		unset ONWARD_TEST_POSTGRES
	fi
	ONWARD_E2E=1 exec go test -race -count=1 -timeout 45m ./...
)

# join prints its arguments separated by commas, or "none".
join() {
	local out="" s
	for s in "$@"; do
		out+="${out:+, }$s"
	done
	echo "${out:-none}"
}

install_missing
echo "== npm ci (axe-core for the browser tests)"
(cd e2e && npm ci --no-audit --no-fund) || die "npm ci in e2e/ failed"
start_postgres

step "gofmt" check_gofmt
step "go vet" go vet ./...
step "OpenAPI document" scripts/openapi/check.sh
step "FHIR R4 schema" scripts/fhir/check.sh
step "go test on SQLite" go_test ""
step "go test on PostgreSQL" go_test "$PG_URL"

if ((${#failed[@]} > 0)); then
	echo "test.sh: FAIL: $(join "${failed[@]}") (passed: $(join "${passed[@]}"))"
	exit 1
fi
echo "test.sh: PASS: $(join "${passed[@]}"); go test with -race and the browser tests"
