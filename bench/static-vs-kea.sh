#!/usr/bin/env bash
# Static clients: staticdhcpd with 50,000 maps in staticDHCPd's SQLite schema (deploy/schema/sqlite.sql) against
# Kea (memfile, persist = true) with the same 50,000 host reservations by hw-address, on the lab of
# perfdhcp-vs-kea.sh, at rising DORA rates, each point measured BENCH_REPEAT times. Neither server has a dynamic
# pool: perfdhcp's measured MACs (00:0c:01:00:HH:LL) and the warm-up's (02:bb:00:00:0H:LL) are all mapped
# (bench/lib/static-data.sh). Every step starts a fresh server, so each MAC's first DORA in a step is its first
# contact (no cache beyond the 4 s warm-up, whose MACs are disjoint). Summary and plot as perfdhcp-vs-kea.sh.
#
# Usage (root):  bench/static-vs-kea.sh   (the same BENCH_* variables as perfdhcp-vs-kea.sh; BENCH_CLIENTS is
#   also the number of maps / reservations, at most 61,430; out /tmp/sdb-bench-static-<date>, plot copy
#   bench/results-static.png)
# See bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
kind=static what=DORA title="DORA, static clients (maps / reservations)"
default_rates="250 500 1000 2000 4000 8000" quick_rates="100 1000"
. "$repo/bench/lib/measure.sh"
. "$repo/bench/lib/lab.sh"
. "$repo/bench/lib/static-data.sh"
. "$repo/bench/lib/steps.sh"
bench_main
