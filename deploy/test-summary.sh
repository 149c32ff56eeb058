#!/usr/bin/env bash
# Prints "N passed, N failed[, N skipped]" from a VSTest .trx file, so CI sees what ran.
# Exits non-zero when the file is missing, nothing ran, or anything failed.
set -euo pipefail
trx="${1:?usage: test-summary.sh RESULTS.trx}"
if [ ! -f "$trx" ]; then
  echo "0 passed, 0 failed"
  echo "error: no test results at $trx" >&2
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
passed="$(count passed)"; failed="$(count failed)"; errors="$(count error)"
skipped=$(( $(count total) - $(count executed) ))
failed=$((failed + errors))
# The failures by name, with their first lines, just above the summary: CI keeps only the end of the output.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed 's/.*testName="\([^"]*\)".*/  \1/' || true
  awk '/<Message>/{on=1; n=0} on&&n<6{line=$0; sub(/<\/Message>.*/, "", line); print "    " line; n++} /<\/Message>/{on=0}' "$trx" | sed 's/<[^>]*>//g' | head -n 60 || true
fi
line="$passed passed, $failed failed"
[ "${skipped:-0}" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
