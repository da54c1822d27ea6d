#!/usr/bin/env bash
# One staticdhcpd node (SQLite journal, one 60,000-address pool) under perfdhcp at one rate, for comparing builds
# and settings: prints the node's CPU per DORA, its voluntary context switches per DORA (thread wake-ups: each actor
# message that finds an idle thread pool costs one), journal events per write, and perfdhcp's drops. Optionally
# records a CPU profile with perf (JIT symbols through DOTNET_PerfMapEnabled) for `perf report`.
#
#   prf-srv  eth0 10.80.0.1/16   the node      prf-clt  eth0 10.80.0.2/16   perfdhcp as a relay
#
# Usage (root):  bench/profile-node.sh [RATE] [SECONDS]          (default 1000 DORA/s for 15 s)
#   PROFILE_DLL=path/staticdhcpd.dll   the build to run (default: src/Node/bin/Release/net10.0, built by the caller)
#   PROFILE_HOCON='akka.persistence.journal.sql.parallelism = 1'   more HOCON for the node
#   PROFILE_ENV='DOTNET_GCgen0size=0x4000000'                       more environment for the node
#   PROFILE_PERF=1                      also `perf record -F 999 -g` the node (linux-perf), into $PROFILE_OUT/perf.data
#   PROFILE_OUT=DIR                     logs (default /tmp/prf-<date>)
# Compare builds by interleaving runs (A B A B A B): on this 2-core machine one run's CPU per DORA varies by ±20 %.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "profile-node.sh needs root (network namespaces)" >&2; exit 1; }
rate=${1:-1000} secs=${2:-15}
repo=$(cd "$(dirname "$0")/.." && pwd)
dll=${PROFILE_DLL:-$repo/src/Node/bin/Release/net10.0/staticdhcpd.dll}
out=${PROFILE_OUT:-/tmp/prf-$(date +%Y%m%d-%H%M%S)}
[ -f "$dll" ] || { echo "$dll is missing: dotnet build src/Node -c Release" >&2; exit 1; }
mkdir -p "$out/data"
pid="" recorder=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  ip netns del prf-srv 2>/dev/null || true
  ip netns del prf-clt 2>/dev/null || true
}
trap cleanup EXIT
ip netns add prf-srv; ip netns add prf-clt
ip link add prf0 netns prf-srv type veth peer name prf1 netns prf-clt
for ns in prf-srv:prf0:10.80.0.1 prf-clt:prf1:10.80.0.2; do
  IFS=: read -r n dev addr <<<"$ns"
  ip -n "$n" link set "$dev" name eth0; ip -n "$n" addr add "$addr/16" dev eth0
  ip -n "$n" link set eth0 up; ip -n "$n" link set lo up
done
cat > "$out/staticdhcpd.conf" <<EOC
staticdhcpd {
  data-dir = "$out/data"
  dhcp { interfaces = ["eth0"], server-ip = "10.80.0.1", allow-relays = on, allow-local = off, raw-l2-replies = off }
  static { provider = none, connection-string = "" }
  pools = [ { name = "bench", subnet = "10.80.0.0/16", ranges = ["10.80.0.10-10.80.234.105"], lease-time = 3600s } ]
  persistence { provider = sqlite, connection-string = "" }
}
${PROFILE_HOCON:-}
EOC
# shellcheck disable=SC2086
env ${PROFILE_ENV:-} DOTNET_PerfMapEnabled=1 DOTNET_TieredCompilation=0 \
  ip netns exec prf-srv dotnet "$dll" run --config "$out/staticdhcpd.conf" > "$out/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 90); do grep -q "serving DHCP" "$out/node.log" && break; sleep 1; done
grep -q "serving DHCP" "$out/node.log" || { echo "the node did not start; see $out/node.log" >&2; exit 1; }
# Warm-up with other MACs: the first requests pay for the buckets' start.
ip netns exec prf-clt timeout 30 perfdhcp -4 -l 10.80.0.2 -g single -r 50 -R 1000 -p 4 -d 1 \
  -b mac=02:bb:00:00:00:01 10.80.0.1 > "$out/warmup.txt" 2>&1 || true
switches() { cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s }'; }
ticks() { awk '{ print $14 + $15 }' /proc/"$pid"/stat; }
journal() { ip netns exec prf-srv curl -s 127.0.0.1:8558/metrics | awk -v k="$1" '$1 == k { print $2 }'; }
s0=$(switches) t0=$(ticks) w0=$(journal staticdhcpd_journal_writes_total) e0=$(journal staticdhcpd_journal_events_written_total)
if [ "${PROFILE_PERF:-0}" = 1 ]; then
  perf record -F 999 -g -p "$pid" -o "$out/perf.data" -- sleep "$secs" > "$out/perf-record.log" 2>&1 & recorder=$!
fi
ip netns exec prf-clt timeout $((secs + 30)) perfdhcp -4 -l 10.80.0.2 -g single -r "$rate" -R 50000 -p "$secs" -d 1 \
  -b mac=02:cc:00:00:00:01 10.80.0.1 > "$out/perfdhcp.txt" 2>&1 || true
s1=$(switches) t1=$(ticks) w1=$(journal staticdhcpd_journal_writes_total) e1=$(journal staticdhcpd_journal_events_written_total)
[ -n "$recorder" ] && wait "$recorder"
acks=$(awk '/REQUEST-ACK/ { f = 1 } f && /received packets/ { print $3; exit }' "$out/perfdhcp.txt")
awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v s=$((s1 - s0)) -v a="${acks:-0}" -v w0="${w0:-0}" -v w1="${w1:-0}" \
    -v e0="${e0:-0}" -v e1="${e1:-0}" -v rate="$rate" -v secs="$secs" 'BEGIN {
  w = w1 - w0; e = e1 - e0
  if (a == 0) { print "no DORA completed"; exit 1 }
  printf "rate %d/s for %d s: %d DORAs, CPU %.0f µs/DORA, %.1f voluntary switches/DORA, %.2f journal events/write\n",
    rate, secs, a, t * 1e6 / hz / a, s / a, (w > 0 ? e / w : 0) }'
grep -E "drops ratio" "$out/perfdhcp.txt" | tr '\n' ' '; echo "(DISCOVER-OFFER, REQUEST-ACK); logs in $out"
