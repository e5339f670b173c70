#!/usr/bin/env bash
# The test command: starts PostgreSQL and RabbitMQ on loopback (installing them from Debian packages when missing),
# builds, runs every test (unit, component, integration), and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! bash scripts/test-servers.sh start; then
  echo "The test servers could not be started; integration tests cannot run."
  echo "0 passed, 1 failed"
  exit 1
fi

mkdir -p TestResults
log=TestResults/test-output.log
echo "[test] building"
if ! dotnet build Gateway.sln -nologo -v quiet > TestResults/build.log 2>&1; then
  grep -E "error|Error" TestResults/build.log | sort -u | head -40
  echo "The build failed (full log: TestResults/build.log)."
  echo "0 passed, 1 failed"
  exit 1
fi

echo "[test] running tests"
dotnet test Gateway.sln --no-build -nologo --logger "console;verbosity=normal" --results-directory TestResults "$@" 2>&1 \
  | tee "$log" | grep -E --line-buffered "^\s+(Passed|Failed|Skipped) [A-Za-z]|Error Message|^Test Run|^Total tests|^\s+(Passed|Failed|Skipped): "
status=${PIPESTATUS[0]}

count() { grep -E "^\s+$1: +[0-9]+\s*$" "$log" | grep -oE "[0-9]+" | awk '{s+=$1} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status without a failed test (crash or abort; see $log)."
  failed=1
fi
if [ "$failed" -gt 0 ]; then
  # Repeat each failure with the start of its message next to the summary, so a log cut to its tail still names it.
  echo "[test] failures (full output: $log):"
  awk '/^[[:space:]]+Failed [A-Za-z]/ {show=14} show > 0 {print; show--}' "$log" | cut -c1-400
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
