#!/usr/bin/env bash
# Runs the whole test suite (unit, property, actor, database and, as root, network-namespace integration tests).
# One test project at a time: the integration tests time failover and load on a 2-core machine, and would otherwise
# share it with the unit tests. A test that hangs is ended (with a dump) after 10 minutes, so a run never blocks for
# ever. Every project runs even if an earlier one failed; the exit status says whether all passed.
set -uo pipefail
cd "$(dirname "$0")"
dotnet build StaticDhcpd.sln -c Release || exit 1
status=0
for project in tests/Messages.Tests tests/Actors.Tests tests/Node.Tests tests/Integration.Tests; do
  dotnet test "$project" -c Release --no-build \
    --logger "console;verbosity=normal" \
    --blame-hang --blame-hang-timeout 10m \
    "$@" || status=1
done
exit $status
