#!/usr/bin/env bash
# perfdhcp against staticdhcpd and against Kea (Debian's kea-dhcp4-server, memfile, persist = true), on the
# same network namespaces, the same pool (60,000 addresses), 50,000 simulated clients, lease 3600 s, at rising
# rates. Prints per step the DORAs attempted/completed, % failed and the server's CPU time per completed DORA
# (utime+stime from /proc/<pid>/stat), then, per server, the highest rate with < 1 % failed DORAs.
#
#   sdb-srv  eth0 10.80.0.1/16   the server under test (UDP 67)
#   sdb-clt  eth0 10.80.0.2/16   perfdhcp: a relay, giaddr = 10.80.0.2, replies come back to 10.80.0.2:67
#   (one veth pair whose ends are created directly inside the two namespaces: the host is never touched)
#
# Usage (root):  bench/perfdhcp-vs-kea.sh
#   BENCH_QUICK=1           smoke run: rates 100 1000, 5 s steps
#   BENCH_RATES="250 500"   rates (DORA/s) to step through   (default 50 100 250 500 1000 2000 4000 8000)
#   BENCH_STEP_SECONDS=12   measured perfdhcp period per step (default 12, quick 5)
#   BENCH_SERVERS="staticdhcpd kea"   servers to run, in this order at each rate
#   BENCH_CLIENTS=50000     simulated clients (perfdhcp -R)
#   BENCH_DROP_TIME=1       perfdhcp -d: seconds after which an unanswered packet counts as dropped
#   BENCH_ALL_STEPS=1       keep stepping a server after two consecutive failing steps (default: stop)
#   BENCH_OUT=DIR           where logs and results go (default /tmp/sdb-bench-<date>); kept afterwards
#   BENCH_POOL_EXTRA="conflict-check = on"   more keys for staticdhcpd's pool (HOCON)
# See bench/README.md for what is measured and how.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "perfdhcp-vs-kea.sh needs root (network namespaces)" >&2; exit 1; }
for tool in ip dotnet perfdhcp kea-dhcp4 ss timeout awk; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install iproute2 kea-dhcp4-server kea-admin; .NET SDK)" >&2; exit 1; }
done

repo=$(cd "$(dirname "$0")/.." && pwd)
. "$repo/bench/lib/measure.sh"   # cpu_ticks, stat_of
quick=${BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then
  rates=${BENCH_RATES:-"100 1000"}; step_s=${BENCH_STEP_SECONDS:-5}
else
  rates=${BENCH_RATES:-"50 100 250 500 1000 2000 4000 8000"}; step_s=${BENCH_STEP_SECONDS:-12}
fi
servers=${BENCH_SERVERS:-"staticdhcpd kea"}
clients=${BENCH_CLIENTS:-50000}
drop_time=${BENCH_DROP_TIME:-1}
all_steps=${BENCH_ALL_STEPS:-0}
out=${BENCH_OUT:-/tmp/sdb-bench-$(date +%Y%m%d-%H%M%S)}
warmup_rate=50 warmup_s=4 warmup_clients=1000    # before every measured step, with MACs disjoint from the measured ones
start_timeout=90                                 # seconds a server may take to come up
clk_tck=$(getconf CLK_TCK)

srv_ns=sdb-srv clt_ns=sdb-clt
srv_ip=10.80.0.1 clt_ip=10.80.0.2 prefix=16
subnet=10.80.0.0/16
range_first=10.80.0.10 range_last=10.80.234.105   # 10.80.0.10 + 59,999 = exactly 60,000 addresses
lease_s=3600

mkdir -p "$out"
work=$(mktemp -d /tmp/sdb-work.XXXXXX)
server_pid=""
started_pids=()

log() { echo "[$(date +%H:%M:%S)] $*"; }

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

cleanup() {
  set +e
  stop_server
  for pid in "${started_pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  for ns in "$srv_ns" "$clt_ns"; do
    # Everything still running in these namespaces was started by this script.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- lab -----------------------------------------------------------------------------------------------------
for ns in "$srv_ns" "$clt_ns"; do
  if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
    if [ -n "$(ip netns pids "$ns")" ]; then
      echo "namespace $ns exists and has processes (another bench running?); not touching it" >&2; exit 1
    fi
    ip netns del "$ns"   # an empty leftover of an interrupted run of this script
  fi
done
log "lab: namespaces $srv_ns ($srv_ip) and $clt_ns ($clt_ip, perfdhcp as relay), logs in $out"
for ns in "$srv_ns" "$clt_ns"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add eth0 netns "$srv_ns" type veth peer name eth0 netns "$clt_ns"
ip -n "$srv_ns" addr add "$srv_ip/$prefix" dev eth0
ip -n "$clt_ns" addr add "$clt_ip/$prefix" dev eth0
ip -n "$srv_ns" link set eth0 up
ip -n "$clt_ns" link set eth0 up
# Larger socket buffers so a burst is queued rather than dropped by the kernel (the same for both servers).
for ns in "$srv_ns" "$clt_ns"; do
  ip netns exec "$ns" sysctl -qw net.core.rmem_default=4194304 net.core.rmem_max=16777216 2>/dev/null || true
done

# ---- build ---------------------------------------------------------------------------------------------------
if [[ " $servers " == *" staticdhcpd "* ]]; then
  log "building staticdhcpd (Release) from $repo"
  dotnet build "$repo/src/Node" -c Release -o "$work/bin" -v quiet -nologo > "$out/build.log" 2>&1 \
    || { tail -n 30 "$out/build.log"; echo "build failed" >&2; exit 1; }
  git -C "$repo" log -1 --format='staticdhcpd commit %h %s' > "$out/version.txt" 2>/dev/null || true
  git -C "$repo" status --porcelain --untracked-files=no | grep -q . && echo "(with uncommitted changes)" >> "$out/version.txt"
fi
kea-dhcp4 -v > "$out/kea-version.txt" 2>&1 || true

# ---- servers -------------------------------------------------------------------------------------------------
# start_SERVER DIR LOG: starts the server with fresh state in DIR, sets server_pid, returns non-zero if it did not
# come up within start_timeout.
start_staticdhcpd() {
  local dir=$1 logf=$2
  mkdir -p "$dir/data"
  cat > "$dir/staticdhcpd.conf" <<EOF
staticdhcpd {
  data-dir = "$dir/data"
  dhcp {
    interfaces = ["eth0"]
    server-ip = "$srv_ip"
    allow-relays = on
    allow-local = off
    raw-l2-replies = off   # perfdhcp is a relay: every reply is unicast to giaddr:67
  }
  static { provider = none, connection-string = "" }
  pools = [
    {
      name = "bench"
      subnet = "$subnet"
      ranges = ["$range_first-$range_last"]
      lease-time = ${lease_s}s
      routers = ["$srv_ip"]
      ${BENCH_POOL_EXTRA:-}
    }
  ]
  persistence { provider = sqlite, connection-string = "" }   # journal.db in data-dir
}
akka.loglevel = INFO
EOF
  (cd "$dir" && exec ip netns exec "$srv_ns" dotnet "$work/bin/staticdhcpd.dll" run --config "$dir/staticdhcpd.conf") \
    > "$logf" 2>&1 &
  server_pid=$!
  wait_ready "$logf" "serving DHCP on eth0" dotnet
}

start_kea() {
  local dir=$1 logf=$2
  mkdir -p "$dir"
  cat > "$dir/kea.json" <<EOF
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "eth0" ], "dhcp-socket-type": "udp" },
  "lease-database": { "type": "memfile", "persist": true, "name": "$dir/leases.csv", "lfc-interval": 0 },
  "valid-lifetime": $lease_s,
  "subnet4": [
    { "id": 1, "subnet": "$subnet", "pools": [ { "pool": "$range_first - $range_last" } ],
      "option-data": [ { "name": "routers", "data": "$srv_ip" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "stdout" } ] } ]
} }
EOF
  (cd "$dir" && KEA_PIDFILE_DIR=$dir KEA_LOCKFILE_DIR=$dir exec ip netns exec "$srv_ns" kea-dhcp4 -c "$dir/kea.json") \
    > "$logf" 2>&1 &
  server_pid=$!
  wait_ready "$logf" "" kea-dhcp4
}

# wait_ready LOG PATTERN COMM: the process is alive, is COMM, has UDP 67 bound in the server namespace and (if
# PATTERN is set) has logged PATTERN.
wait_ready() {
  local logf=$1 pattern=$2 comm=$3 deadline=$((SECONDS + start_timeout))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$server_pid" 2>/dev/null || { log "server exited during start-up:"; tail -n 20 "$logf" | sed 's/^/    /'; return 1; }
    if [ -z "$pattern" ] || grep -q "$pattern" "$logf"; then
      if ip netns exec "$srv_ns" ss -Hlun 'sport = :67' | grep -q .; then
        local actual; actual=$(cat "/proc/$server_pid/comm" 2>/dev/null || true)
        [ "$actual" = "$comm" ] || { log "pid $server_pid is '$actual', expected $comm"; return 1; }
        return 0
      fi
    fi
    sleep 0.25
  done
  log "server not ready after ${start_timeout}s:"; tail -n 20 "$logf" | sed 's/^/    /'
  return 1
}

# settle: after the warm-up, wait (at most 10 s) until the server uses < 10 % of a core, so no backlog of the
# warm-up is counted in the measured step.
settle() {
  local a b
  for _ in $(seq 1 20); do
    a=$(cpu_ticks "$server_pid"); sleep 0.5; b=$(cpu_ticks "$server_pid")
    [ -n "$a" ] && [ -n "$b" ] || return 0
    [ $((b - a)) -gt $((clk_tck / 20)) ] || return 0
  done
}

# run_perfdhcp OUT RATE SECONDS NCLIENTS MACBASE: a bounded perfdhcp run from the client namespace.
run_perfdhcp() {
  local outf=$1 rate=$2 secs=$3 n=$4 mac=$5
  timeout -k 5 $((secs + 30)) ip netns exec "$clt_ns" \
    perfdhcp -4 -l "$clt_ip" -g single -r "$rate" -R "$n" -p "$secs" -d "$drop_time" -W 1500000 -b "mac=$mac" "$srv_ip" \
    > "$outf" 2>&1 || true   # exit code 3 = some exchanges failed: judged from the report
}

# ---- the steps -----------------------------------------------------------------------------------------------
results="$out/results.tsv"
printf 'server\trate\tattempted\tcompleted\tfailed_pct\tcpu_ms\tcpu_us_per_dora\tdo_avg_ms\tra_avg_ms\tidle_pct_core\tnote\n' > "$results"
declare -A fails_in_row stopped
start_failed=0
step_no=0
log "rates: $rates DORA/s; ${step_s}s per step after a ${warmup_s}s warm-up at ${warmup_rate}/s; $clients clients; servers: $servers"
log "every step starts its server on fresh state (empty journal / lease file)"
for rate in $rates; do
  for srv in $servers; do
    if [ "${stopped[$srv]:-0}" = 1 ]; then continue; fi
    step_no=$((step_no + 1))
    dir="$work/$srv-$rate"; logf="$out/$srv-$rate.log"
    if ! "start_$srv" "$dir" "$logf"; then
      log "$srv did not start (rate $rate); log: $logf"
      printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n' "$srv" "$rate" "did not start" >> "$results"
      stop_server; start_failed=1; stopped[$srv]=1; continue
    fi
    # Warm-up (JIT, entity start-up, first journal writes) with other MACs (02:bb:…) than the measured clients,
    # repeated (at most 3 times) until 90 % of its DORAs complete.
    w_ack=0
    for w in 1 2 3; do
      wf="$out/$srv-$rate.warmup$w.txt"
      run_perfdhcp "$wf" "$warmup_rate" "$warmup_s" "$warmup_clients" 02:bb:00:00:00:0$w
      w_att=$(stat_of "$wf" DISCOVER-OFFER "sent packets"); w_ack=$(stat_of "$wf" REQUEST-ACK "received packets")
      w_att=${w_att:-0} w_ack=${w_ack:-0}
      [ $((w_ack * 10)) -lt $((w_att * 9)) ] || break
    done
    settle
    # The server's idle CPU (timers, cluster gossip) just before the step, as % of one core.
    i0=$(cpu_ticks "$server_pid"); sleep 2; i1=$(cpu_ticks "$server_pid")
    idle=$(awk -v d=$(( ${i1:-0} - ${i0:-0} )) -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 100 / hz / 2 }')
    t0=$(cpu_ticks "$server_pid")
    run_perfdhcp "$out/$srv-$rate.perfdhcp.txt" "$rate" "$step_s" "$clients" 00:0c:01:00:00:00
    t1=$(cpu_ticks "$server_pid")
    f="$out/$srv-$rate.perfdhcp.txt"
    att=$(stat_of "$f" DISCOVER-OFFER "sent packets"); att=${att:-0}
    done_=$(stat_of "$f" REQUEST-ACK "received packets"); done_=${done_:-0}
    do_avg=$(stat_of "$f" DISCOVER-OFFER "avg delay"); ra_avg=$(stat_of "$f" REQUEST-ACK "avg delay")
    note=""
    [ $((w_ack * 10)) -ge $((w_att * 9)) ] || note="warm-up: $w_ack of $w_att DORAs after $w tries;"
    [ "$w" = 1 ] || [ -n "$note" ] || note="warm-up needed $w tries;"
    if [ -z "$t1" ]; then note="${note}server died during the step;"; t1=$t0; stopped[$srv]=1; start_failed=1; fi
    if [ "$att" -gt 0 ]; then fail_pct=$(awk -v a="$att" -v c="$done_" 'BEGIN { printf "%.2f", 100 * (a - c) / a }'); else fail_pct=100.00; note="${note}perfdhcp sent nothing;"; fi
    cpu_ms=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 1000 / hz }')
    per=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v c="$done_" 'BEGIN { if (c > 0) printf "%.0f", d * 1e6 / hz / c; else print "-" }')
    errs=$(grep -E '\[(ERROR|WARNING)\]| ERROR | WARN ' "$logf" | grep -vc DHCP4_MULTI_THREADING_INFO || true)
    [ "$errs" -gt 0 ] && note="${note}${errs} warn/error log lines;"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$rate" "$att" "$done_" "$fail_pct" "$cpu_ms" "$per" \
      "${do_avg:--}" "${ra_avg:--}" "$idle" "${note%;}" >> "$results"
    log "$(printf '%-11s %5s/s  attempted %6s  completed %6s  failed %6s %%  cpu %6s ms  %5s µs/DORA  %s' \
      "$srv" "$rate" "$att" "$done_" "$fail_pct" "$cpu_ms" "$per" "${note%;}")"
    stop_server
    if awk -v p="$fail_pct" 'BEGIN { exit !(p >= 1) }'; then
      fails_in_row[$srv]=$(( ${fails_in_row[$srv]:-0} + 1 ))
      if [ "$all_steps" != 1 ] && [ "${fails_in_row[$srv]}" -ge 2 ]; then
        log "$srv failed two steps in a row: no higher rates for it"; stopped[$srv]=1
      fi
    else
      fails_in_row[$srv]=0
    fi
  done
done

# ---- report --------------------------------------------------------------------------------------------------
echo
echo "== steps ($step_s s each, $clients clients, pool 60,000, lease ${lease_s}s; CPU = server utime+stime over the step)"
{
  printf 'server\trate/s\tattempted\tcompleted\tfailed %%\tCPU ms\tµs/DORA\tDO avg ms\tRA avg ms\tidle %%core\tnote\n'
  tail -n +2 "$results"
} | column -t -s $'\t'
echo
echo "== summary: highest rate with < 1 % failed DORAs, and the server's CPU time per completed DORA at that rate"
{
  printf 'server\tsustained DORA/s\tCPU µs per DORA\tfailed %% there\tnext step up\n'
  for srv in $servers; do
    awk -F'\t' -v s="$srv" '
      NR > 1 && $1 == s { n++; rate[n] = $2 + 0; fail[n] = $5; cpu[n] = $7 }
      END {
        best = 0
        for (i = 1; i <= n; i++) if (fail[i] != "-" && fail[i] + 0 < 1 && rate[i] > rate[best]) best = i
        if (best == 0) { printf "%s\tnone\t-\t-\t%s\n", s, (n == 0 ? "-" : fail[1] == "-" ? rate[1] "/s: did not start" : rate[1] "/s: " fail[1] " % failed"); exit }
        next_ = "-"
        for (i = 1; i <= n; i++) if (rate[i] > rate[best] && (next_ == "-" || rate[i] < nr)) { nr = rate[i]; next_ = rate[i] "/s: " fail[i] " % failed" }
        printf "%s\t%d\t%s\t%s\t%s\n", s, rate[best], cpu[best], fail[best], next_ }' "$results"
  done
} | tee "$out/summary.tsv" | column -t -s $'\t'
echo
cat "$out/version.txt" 2>/dev/null || true
head -n 1 "$out/kea-version.txt" | sed 's/^/kea-dhcp4 /'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); logs and perfdhcp reports: $out"
if [ "$start_failed" = 1 ]; then echo "a server did not start or died during a step" >&2; exit 2; fi
exit 0
