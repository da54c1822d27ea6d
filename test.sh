#!/usr/bin/env bash
# Runs the whole test suite (unit, property, actor, database and, as root, network-namespace integration tests).
# A test that hangs is ended (with a dump) after 10 minutes, so a run never blocks for ever.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test StaticDhcpd.sln -c Release \
  --logger "console;verbosity=normal" \
  --blame-hang --blame-hang-timeout 10m \
  "$@"
