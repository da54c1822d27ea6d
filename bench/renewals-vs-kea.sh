#!/usr/bin/env bash
# Renewals: perfdhcp's renewal mode against staticdhcpd and Kea (memfile, persist = true) on the lab of
# perfdhcp-vs-kea.sh (same pool, same 50,000 clients, lease 3600 s), at rising rates, each point measured
# BENCH_REPEAT times. perfdhcp sends renewals only beside DORAs (-f <= -r), so a step at rate R runs
# `-r R -f R`: R DORAs/s and R renewals/s (a REQUEST with ciaddr = an address an earlier ACK of this run gave,
# relayed, no server identifier: RENEWING). The step is judged on the renewals ("REQUEST-ACK (renewal)" in
# perfdhcp's report); the DORAs' failed % is shown beside them. The summary gives per server the highest rate at
# which every repetition had < 1 % failed renewals. Plots rate against failed renewals % (PNG).
#
# Usage (root):  bench/renewals-vs-kea.sh   (the same BENCH_* variables as perfdhcp-vs-kea.sh; rates are
#   renewals/s, default 50 100 250 500 1000 2000 4000 8000, quick 100 1000; out /tmp/sdb-bench-renew-<date>,
#   plot copy bench/results-renew.png)
# See bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
kind=renew what=renewals title="renewals (-r R -f R)"
default_rates="50 100 250 500 1000 2000 4000 8000" quick_rates="100 1000"
. "$repo/bench/lib/measure.sh"
. "$repo/bench/lib/lab.sh"
. "$repo/bench/lib/steps.sh"
bench_main
