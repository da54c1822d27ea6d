#!/usr/bin/env bash
# perfdhcp against staticdhcpd and against Kea (Debian's kea-dhcp4-server, memfile, persist = true), on the
# same network namespaces, the same pool (60,000 addresses), 50,000 simulated clients, lease 3600 s, at rising
# rates, each point measured BENCH_REPEAT times. Prints per step the DORAs attempted/completed, % failed, the
# server's CPU time per completed DORA (utime+stime from /proc/<pid>/stat) and the DO / RA latencies, then, per
# server, the highest rate at which every repetition had < 1 % failed DORAs; plots rate against failed % (PNG).
#
#   sdb-srv  eth0 10.80.0.1/16   the server under test (UDP 67)
#   sdb-clt  eth0 10.80.0.2/16   perfdhcp: a relay, giaddr = 10.80.0.2, replies come back to 10.80.0.2:67
#   (one veth pair whose ends are created directly inside the two namespaces: the host is never touched)
#
# Usage (root):  bench/perfdhcp-vs-kea.sh
#   BENCH_QUICK=1           smoke run: rates 100 1000, 5 s steps
#   BENCH_RATES="250 500"   rates (DORA/s) to step through   (default 50 100 250 500 1000 2000 4000 8000)
#   BENCH_REPEAT=2          repetitions per (server, rate); the summary takes the worse one
#   BENCH_STEP_SECONDS=12   measured perfdhcp period per step (default 12, quick 5)
#   BENCH_SERVERS="staticdhcpd kea"   servers to run, in this order at each rate
#   BENCH_CLIENTS=50000     simulated clients (perfdhcp -R)
#   BENCH_DROP_TIME=1       perfdhcp -d: seconds after which an unanswered packet counts as dropped
#   BENCH_LATENCY=1         perfdhcp -x t: every exchange's times, for the median and p99 (0: avg and max only)
#   BENCH_ALL_STEPS=1       keep stepping a server after two consecutive failing rates (default: stop)
#   BENCH_OUT=DIR           where logs and results go (default /tmp/sdb-bench-dora-<date>); kept afterwards
#   BENCH_PLOT_COPY=FILE    a copy of the plot (default for a full run: bench/results-dora.png; "" = none)
#   BENCH_POOL_EXTRA="conflict-check = on"   more keys for staticdhcpd's pool (HOCON)
# See bench/README.md for what is measured and how.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
kind=dora what=DORA title="DORA, dynamic pool"
default_rates="50 100 250 500 1000 2000 4000 8000" quick_rates="100 1000"
. "$repo/bench/lib/measure.sh"   # cpu_ticks, stat_of, latency_of
. "$repo/bench/lib/lab.sh"       # namespaces, servers, perfdhcp
. "$repo/bench/lib/steps.sh"     # the steps, the table, the plot
bench_main
