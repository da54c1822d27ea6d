#!/usr/bin/env bash
# One staticdhcpd node against three, both on the same PostgreSQL, in one run: perfdhcp broadcasting (no server
# address) on one bridged segment at rising rates. Per step: DORAs attempted/completed, % failed, and CPU time per
# completed DORA of the nodes (utime+stime of every node process) and of the nodes + PostgreSQL (postmaster and
# its backends); per node, from SIGUSR1 statistics, what it received, answered and left to a peer. Summary: per
# setup the highest rate with < 1 % failed, and at the highest rate both sustain the CPU per DORA three/one.
#
#   cvb-br    br0                 the segment (a Linux bridge)
#   cvb-n1    eth0 10.77.0.11/16  node n1 (the only node of setup "one")
#   cvb-n2/3  eth0 10.77.0.12-13  nodes n2, n3 (setup "three")
#   cvb-perf  eth0 10.77.0.2/16   perfdhcp, broadcasting as a relay (giaddr 10.77.0.2 selects the pool)
#   PostgreSQL: a throwaway cluster, unix socket only (port number 55440 names the socket), fsync off, fresh
#   database at every step; the nodes' files are deploy/lib/cluster.sh's, with the pool below.
#
# Usage (root):  bench/cluster-vs-one.sh
#   BENCH_QUICK=1            smoke run: rates 100 1000, 5 s steps (about 3 minutes)
#   BENCH_RATES="250 500"    rates (DORA/s) to step through (default 100 250 500 750 1000 1250 1500 2000 3000 4000)
#   BENCH_STEP_SECONDS=12    measured perfdhcp period per step (default 12, quick 5)
#   BENCH_SETUPS="one three" setups, in this order at each rate
#   BENCH_CLIENTS=50000      simulated clients (perfdhcp -R)
#   BENCH_DROP_TIME=1        perfdhcp -d: seconds after which an unanswered packet counts as dropped
#   BENCH_ALL_STEPS=1        keep stepping a setup after two consecutive failing steps (default: stop)
#   BENCH_TIERED_JIT=1       keep .NET's tiered JIT (default: DOTNET_TieredCompilation=0 for the nodes, see below)
#   BENCH_DUP_CHECK=0        skip the tcpdump check (per transaction: how many OFFERs/ACKs, from which node)
#   BENCH_OUT=DIR            logs and results (default /tmp/cvb-bench-<date>); kept afterwards
# See bench/README.md ("One node against three") for what is measured and how.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$repo/deploy/lib/netns.sh"
. "$repo/deploy/lib/cluster.sh"
. "$here/lib/measure.sh"   # cpu_ticks, stat_of
lab_require_root
for tool in ip dotnet perfdhcp runuser timeout awk ps; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install iproute2 kea-admin postgresql procps; .NET SDK)" >&2; exit 1; }
done

quick=${BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then
  rates=${BENCH_RATES:-"100 1000"}; step_s=${BENCH_STEP_SECONDS:-5}
else
  rates=${BENCH_RATES:-"100 250 500 750 1000 1250 1500 2000 3000 4000"}; step_s=${BENCH_STEP_SECONDS:-12}
fi
setups=${BENCH_SETUPS:-"one three"}
clients=${BENCH_CLIENTS:-50000}
drop_time=${BENCH_DROP_TIME:-1}
all_steps=${BENCH_ALL_STEPS:-0}
dup_check=${BENCH_DUP_CHECK:-1}
tiered_jit=${BENCH_TIERED_JIT:-0}
out=${BENCH_OUT:-/tmp/cvb-bench-$(date +%Y%m%d-%H%M%S)}
warmup_rate=50 warmup_s=4 warmup_clients=1000   # before every measured step, MACs disjoint from the measured ones
# Then a load warm-up at the step's rate (at most 1000/s) for 6 s on 5,000 other MACs: the runtime's tiered JIT
# recompiles the hot paths only once they run often, and that compiling (seconds of CPU per node, per fresh
# process) must not land in the measured step. Pool use: 3,000 + 5,000 + 50,000 clients < 60,000 addresses.
load_warmup_s=6 load_warmup_clients=5000 load_warmup_max_rate=1000
up_timeout=60                                   # seconds for the cluster to make every node Up
clk_tck=$(getconf CLK_TCK)
ns_prefix=cvb perf_ns=cvb-perf perf_ip=10.77.0.2
PG_PORT=55440   # deploy/cluster.sh and the cluster tests use other sockets
# 10.77.1.0 + 59,999 = 10.77.235.95: 60,000 addresses, as in perfdhcp-vs-kea.sh; the nodes' own addresses are outside.
CLUSTER_POOLS='{
      name = "bench", subnet = "10.77.0.0/16", ranges = ["10.77.1.0-10.77.235.95"], lease-time = 3600s
      routers = ["10.77.0.1"]
    }'
node_hocon='static { provider = none }
  dhcp.allow-relays = on   # perfdhcp is a relay (giaddr), even when it broadcasts'

# Every namespace of this script starts with cvb-; one that has processes belongs to a run still going.
for ns in $(ip netns list | awk '{print $1}' | grep '^cvb-' || true); do
  if [ -n "$(ip netns pids "$ns")" ]; then
    echo "namespace $ns exists and has processes (another cluster-vs-one.sh running?); not touching it" >&2; exit 1
  fi
done

mkdir -p "$out"
LAB_WORK=$(mktemp -d /tmp/cvb-work.XXXXXX)
lab_trap
log() { echo "[$(date +%H:%M:%S)] $*"; }

# ---- build, lab, PostgreSQL ------------------------------------------------------------------------------------
lab_build "$repo" "$LAB_WORK/bin"
git -C "$repo" log -1 --format='staticdhcpd commit %h %s' > "$out/version.txt" 2>/dev/null || true
git -C "$repo" status --porcelain --untracked-files=no | grep -q . && echo "(with uncommitted changes)" >> "$out/version.txt"
log "lab: bridge cvb-br, nodes cvb-n1..n3 (${CLUSTER_ADDRS[*]}), perfdhcp in $perf_ns ($perf_ip); logs in $out"
lab_bridge cvb-br
cluster_namespaces "$ns_prefix"
lab_ns "$perf_ns"
lab_attach "$perf_ns" eth0 "" "$perf_ip/16"
# Larger socket buffers where the kernel allows it per namespace (as perfdhcp-vs-kea.sh; the same for both setups).
for ns in "$perf_ns" cvb-n1 cvb-n2 cvb-n3; do
  ip netns exec "$ns" sysctl -qw net.core.rmem_default=4194304 net.core.rmem_max=16777216 2>/dev/null || true
done
# Every step starts fresh node processes. With tiered JIT, each spends seconds of CPU recompiling hot methods
# (".NET Tiered Com" thread) well after a 10 s warm-up, inside the measured step, and three processes pay it three
# times: a start-up cost, not a per-DORA one. DOTNET_TieredCompilation=0 compiles each method once, fully
# optimised, at its first call (in the warm-up). Set after the build, so only the nodes see it.
if [ "$tiered_jit" != 1 ]; then export DOTNET_TieredCompilation=0; fi
if [ "$tiered_jit" != 1 ]; then echo "nodes' runtime: DOTNET_TieredCompilation=0"; else echo "nodes' runtime: tiered JIT (default)"; fi >> "$out/version.txt"
pg_start > "$out/postgres-start.txt"
pg_pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
runuser -u postgres -- "$PG_BIN/postgres" --version > "$out/postgres-version.txt" 2>&1 || true

# ---- measuring -------------------------------------------------------------------------------------------------
use_setup() {
  case $1 in
  one) CLUSTER_NODES=(n1); CLUSTER_ADDRS=(10.77.0.11) ;;
  three) CLUSTER_NODES=(n1 n2 n3); CLUSTER_ADDRS=(10.77.0.11 10.77.0.12 10.77.0.13) ;;
  *) echo "unknown setup $1 (one, three)" >&2; exit 1 ;;
  esac
}

# PostgreSQL's CPU: the postmaster's own and that of its reaped children (backends that ended), plus the live
# children's. A backend that ends between two readings moves from the second term to the first: nothing is lost.
pg_ticks() {
  local s total c
  s=$(cat "/proc/$pg_pid/stat") || { echo ""; return; }
  s=${s##*) }; total=$(awk '{ print $12 + $13 + $14 + $15 }' <<<"$s")
  for c in $(ps -o pid= --ppid "$pg_pid"); do total=$((total + $(cpu_ticks "$c" || true) + 0)); done 2>/dev/null
  echo "$total"
}

# nodes_ticks: one line, each node's utime+stime in ticks ("" for a node that is gone).
nodes_ticks() {
  local p line=""
  for p in "${CLUSTER_PIDS[@]}"; do line+="$(cpu_ticks "$p") "; done
  echo "${line% }"
}
ms() { awk -v d="$1" -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 1000 / hz }'; }
# per TICKS: µs per completed DORA of the step ($done_).
per() { awk -v d="$1" -v hz="$clk_tck" -v c="$done_" 'BEGIN { if (c > 0) printf "%.0f", d * 1e6 / hz / c; else print "-" }'; }

# forget_pids PID…: stopped processes leave LAB_PIDS, so the final cleanup never signals a pid the system reused.
forget_pids() {
  local keep=() p
  for p in "${LAB_PIDS[@]}"; do [[ " $* " == *" $p "* ]] || keep+=("$p"); done
  LAB_PIDS=("${keep[@]}")
}
# threads_ticks: per node, per thread name (comm: "dhcp-rx-eth0", ".NET TP Worker", …), utime+stime in ticks of
# the threads alive now: "node|thread name|ticks" lines. Threads that ended in between are missing from both
# readings (the process total above has them), so this is where the CPU went, roughly.
threads_ticks() {
  local i
  for i in "${!CLUSTER_NODES[@]}"; do
    awk -v node="${CLUSTER_NODES[$i]}" '{ a = index($0, "("); b = index($0, ") "); comm = substr($0, a + 1, b - a - 1)
        split(substr($0, b + 2), f, " "); t[comm] += f[12] + f[13] }
      END { for (k in t) print node "|" k "|" t[k] }' /proc/"${CLUSTER_PIDS[$i]}"/task/*/stat 2>/dev/null || true
  done
}

# threads_delta BEFORE AFTER: per node, the threads' CPU ms over the step by thread name, largest first.
threads_delta() {
  awk -F'|' -v hz="$clk_tck" 'FNR == NR { b[$1 "|" $2] = $3; next }
    { d = ($3 - b[$1 "|" $2]) * 1000 / hz; if (d > 0) printf "%s\t%.0f\t%s\n", $1, d, $2 }' <(echo "$1") <(echo "$2") \
    | sort -t $'\t' -k1,1 -k2,2nr
}

# busy_ticks: the whole machine's non-idle CPU (all cores) from /proc/stat, in ticks.
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
sum_ticks() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; print s }' <<<"$1"; }

# settle: wait (at most 30 s) until the nodes together use < 10 % of a core per node, so no backlog of the warm-up
# (or of the buckets moving to a node that joined) is counted in the step.
settle() {
  local a b
  for _ in $(seq 1 60); do
    a=$(sum_ticks "$(nodes_ticks)"); sleep 0.5; b=$(sum_ticks "$(nodes_ticks)")
    [ $((b - a)) -gt $((clk_tck * ${#CLUSTER_PIDS[@]} / 20)) ] || return 0
  done
}

# node_stats: SIGUSR1 to every node; prints one "statistics:" line per node (key=value …), waiting (at most 5 s
# each) for it to appear in the node's log.
node_stats() {
  local i name before line
  for i in "${!CLUSTER_NODES[@]}"; do
    name=${CLUSTER_NODES[$i]}
    before=$(grep -c 'statistics: ' "$LAB_WORK/nodes/$name.log" || true)
    kill -USR1 "${CLUSTER_PIDS[$i]}" 2>/dev/null || { echo "$name gone"; continue; }
    line=""
    for _ in $(seq 1 50); do
      [ "$(grep -c 'statistics: ' "$LAB_WORK/nodes/$name.log" || true)" -gt "$before" ] \
        && { line=$(grep 'statistics: ' "$LAB_WORK/nodes/$name.log" | tail -n 1); break; }
      sleep 0.1
    done
    echo "$name ${line#*statistics: }"
  done
}

# stats_delta BEFORE AFTER KEY: per node "name:Δ" of counter KEY, space-separated; and the total as the last word.
stats_delta() {
  awk -v key="$3" '
    function val(line,   i, f, n) { n = split(line, f, " "); for (i = 2; i <= n; i++) if (index(f[i], key "=") == 1) return substr(f[i], length(key) + 2) + 0; return 0 }
    FNR == NR { b[$1] = val($0); next }
    { d = val($0) - b[$1]; out = out $1 ":" d " "; t += d }
    END { printf "%s%d\n", out, t }' <(echo "$1") <(echo "$2")
}

# run_perfdhcp OUT RATE SECONDS NCLIENTS MACBASE: a bounded perfdhcp run, broadcasting (no server address).
run_perfdhcp() {
  local outf=$1 rate=$2 secs=$3 n=$4 mac=$5
  timeout -k 5 $((secs + 30)) ip netns exec "$perf_ns" \
    perfdhcp -4 -l eth0 -g single -r "$rate" -R "$n" -p "$secs" -d "$drop_time" -W 1500000 -b "mac=$mac" \
    > "$outf" 2>&1 || true   # exit code 3 = some exchanges failed: judged from the report
}

# dup_check OUT: perfdhcp at 200/s for 5 s (MACs 02:cc:…) under tcpdump in perfdhcp's namespace; prints, per
# message type, the transactions answered, those answered more than once, and the answers per server identifier.
dup_check() {
  local outf=$1 cap=$LAB_WORK/dup-capture.txt pid
  command -v tcpdump >/dev/null || { echo "no tcpdump: no capture check"; return 0; }
  # Raw packets to a file while perfdhcp runs (printing -v live drops packets on two busy cores), decoded after.
  lab_start "$perf_ns" "$outf.tcpdump.log" tcpdump -i eth0 -n -B 8192 -w "$outf.pcap" 'udp port 67 or udp port 68'
  pid=$LAB_PID
  lab_wait_line "$outf.tcpdump.log" "listening on" 10 "$pid" >/dev/null || true
  run_perfdhcp "$outf.perfdhcp.txt" 200 5 1000 02:cc:00:00:00:00
  sleep 1; lab_stop 5 "$pid"; forget_pids "$pid"
  tcpdump -n -v -r "$outf.pcap" > "$cap" 2>/dev/null || true
  grep -h 'packets' "$outf.tcpdump.log" || true   # tcpdump's own "N packets captured / dropped by kernel"
  awk '
    function field(name,   i, v) { for (i = 1; i < NF; i++) if ($i == name) { v = $(i + 1); sub(",", "", v); return v } }
    /BOOTP\/DHCP, Request/ { kind = "request"; xid = field("xid"); next }
    /BOOTP\/DHCP, Reply/   { kind = "reply"; xid = field("xid"); type = ""; next }
    /DHCP-Message.*: /     { t = $NF; if (kind == "request") req[t]++; else type = t }
    /Server-ID/ && kind == "reply" && type != "" { n[type, xid]++; by[type, $NF]++; types[type] = 1; servers[$NF] = 1; type = "" }
    END {
      printf "requests seen: %d Discover, %d Request\n", req["Discover"], req["Request"]
      for (t in types) {
        tx = 0; more = 0
        for (k in n) { split(k, p, SUBSEP); if (p[1] == t) { tx++; if (n[k] > 1) more++ } }
        s = ""; for (srv in servers) if (by[t, srv]) s = s " " srv "=" by[t, srv]
        printf "%s: %d transactions answered, %d of them more than once; by server:%s\n", t, tx, more, s
      }
    }' "$cap"
}

results="$out/results.tsv"
# results.tsv's columns (the report below reads them by these names).
columns=(setup rate attempted completed failed_pct nodes_cpu_ms pg_cpu_ms nodes_us_per_dora all_us_per_dora
  nodes_above_idle_us_per_dora per_node_cpu_ms_and_offers nodes_idle_pct pg_idle_pct offers_sent acks_sent
  offers_per_discover do_orphans received_per_node left_to_peer pool_timeouts do_avg_ms ra_avg_ms wall_s load1 rest_cores idle_pct_per_node jit_ms note)
row() { local IFS=$'\t'; echo "$*" >> "$results"; }
(IFS=$'\t'; echo "${columns[*]}") > "$results"
declare -A fails_in_row stopped
start_failed=0 dup_done=0
log "rates: $rates DORA/s; ${step_s}s per step after a ${warmup_s}s warm-up at ${warmup_rate}/s; $clients clients; setups: $setups"
log "every step: fresh database, nodes started afresh and Up before the warm-up"
for rate in $rates; do
  for setup in $setups; do
    if [ "${stopped[$setup]:-0}" = 1 ]; then continue; fi
    use_setup "$setup"
    tag="$setup-$rate"
    pg_fresh_database
    rm -rf "$LAB_WORK/nodes"
    note=""
    if ! cluster_start "$ns_prefix" "$LAB_WORK/bin" "$node_hocon" '' > "$out/$tag.start.txt" 2>&1; then
      note="did not start"
    else
      deadline=$((SECONDS + up_timeout))
      while [ "$(cluster_members_up)" -lt "${#CLUSTER_NODES[@]}" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.25; done
      [ "$(cluster_members_up)" -ge "${#CLUSTER_NODES[@]}" ] || note="only $(cluster_members_up) of ${#CLUSTER_NODES[@]} Up after ${up_timeout}s"
      for p in "${CLUSTER_PIDS[@]}"; do
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = dotnet ] || note="${note:+$note; }pid $p is not a dotnet node"
      done
    fi
    if [ -n "$note" ]; then
      log "$setup at $rate/s: $note; logs: $out/$tag.*"
      dashes=(); for _ in $(seq 3 $((${#columns[@]} - 1))); do dashes+=(-); done
      row "$setup" "$rate" "${dashes[@]}" "$note"
      [ "${#CLUSTER_PIDS[@]}" -gt 0 ] && { lab_stop 20 "${CLUSTER_PIDS[@]}" > /dev/null; forget_pids "${CLUSTER_PIDS[@]}"; }
      for n in "${CLUSTER_NODES[@]}"; do cp "$LAB_WORK/nodes/$n.log" "$out/$tag.$n.log" 2>/dev/null || true; done
      start_failed=1; stopped[$setup]=1; continue
    fi
    # Warm-up (JIT in every node, entities starting, first journal writes) with other MACs (02:bb:…) than the
    # measured clients, repeated (at most 3 times) until 90 % of its DORAs complete.
    w_ack=0
    for w in 1 2 3; do
      wf="$out/$tag.warmup$w.txt"
      run_perfdhcp "$wf" "$warmup_rate" "$warmup_s" "$warmup_clients" "02:bb:00:00:00:0$w"
      w_att=$(stat_of "$wf" DISCOVER-OFFER "sent packets"); w_ack=$(stat_of "$wf" REQUEST-ACK "received packets")
      w_att=${w_att:-0} w_ack=${w_ack:-0}
      [ $((w_ack * 10)) -lt $((w_att * 9)) ] || break
    done
    lw_rate=$(( rate < load_warmup_max_rate ? rate : load_warmup_max_rate ))
    run_perfdhcp "$out/$tag.warmup-load.txt" "$lw_rate" "$load_warmup_s" "$load_warmup_clients" 02:bd:00:00:00:00
    settle
    # Idle CPU (timers, gossip; PostgreSQL's background writers) over 2 s, as % of one core.
    n0=$(nodes_ticks) j0=$(pg_ticks); sleep 2; n1=$(nodes_ticks) j1=$(pg_ticks)
    i0=$(sum_ticks "$n0") i1=$(sum_ticks "$n1")
    idle_per_node=$(awk -v names="${CLUSTER_NODES[*]}" -v hz="$clk_tck" '
      FNR == NR { for (i = 1; i <= NF; i++) a[i] = $i; next }
      { n = split(names, nm, " "); s = ""; for (i = 1; i <= n; i++) s = s (s ? " " : "") nm[i] ":" sprintf("%.0f", ($i - a[i]) * 100 / hz / 2); print s }' \
      <(echo "$n0") <(echo "$n1"))
    idle=$(awk -v d=$((i1 - i0)) -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 100 / hz / 2 }')
    pg_idle=$(awk -v d=$((j1 - j0)) -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 100 / hz / 2 }')
    s0=$(node_stats)
    load1=$(cut -d' ' -f1 /proc/loadavg)
    th0=$(threads_ticks)
    w0=$(date +%s.%N) t0=$(nodes_ticks) p0=$(pg_ticks) b0=$(busy_ticks)
    f="$out/$tag.perfdhcp.txt"
    run_perfdhcp "$f" "$rate" "$step_s" "$clients" 00:0c:01:00:00:00
    t1=$(nodes_ticks) p1=$(pg_ticks) b1=$(busy_ticks) w1=$(date +%s.%N)
    th1=$(threads_ticks)
    s1=$(node_stats)
    threads_delta "$th0" "$th1" > "$out/$tag.threads.tsv"
    # The JIT's background recompiling during the step (all nodes), in ms: large = the warm-up was not enough.
    jit=$(awk -F'\t' '$3 == ".NET Tiered Com" { t += $2 } END { printf "%.0f", t }' "$out/$tag.threads.tsv")
    wall=$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.1f", b - a }')
    # Per node: CPU ms over the step / OFFERs it sent; a node that died shows as "-".
    per_node=$(awk -v names="${CLUSTER_NODES[*]}" -v hz="$clk_tck" -v offers="$(stats_delta "$s0" "$s1" reply.Offer)" '
      FNR == NR { for (i = 1; i <= NF; i++) a[i] = $i; next }
      { n = split(names, nm, " "); split(offers, o, " "); s = ""
        for (i = 1; i <= n; i++) { sub(/^[^:]*:/, "", o[i]); s = s (s ? " " : "") nm[i] ":" ($i == "" ? "-" : sprintf("%.0f", ($i - a[i]) * 1000 / hz)) "/" o[i] }
        print s }' \
      <(echo "$t0") <(echo "$t1"))
    [ "$(wc -w <<<"$t1")" = "${#CLUSTER_PIDS[@]}" ] || { note="a node died during the step"; stopped[$setup]=1; start_failed=1; }
    dn=$(( $(sum_ticks "$t1") - $(sum_ticks "$t0") )) dp=$((p1 - p0))
    att=$(stat_of "$f" DISCOVER-OFFER "sent packets"); att=${att:-0}
    done_=$(stat_of "$f" REQUEST-ACK "received packets"); done_=${done_:-0}
    orphans=$(stat_of "$f" DISCOVER-OFFER "orphans"); orphans=${orphans:--}
    do_avg=$(stat_of "$f" DISCOVER-OFFER "avg delay"); ra_avg=$(stat_of "$f" REQUEST-ACK "avg delay")
    [ $((w_ack * 10)) -ge $((w_att * 9)) ] || note="${note:+$note; }warm-up: $w_ack of $w_att DORAs after $w tries"
    if [ "$att" -gt 0 ]; then fail_pct=$(awk -v a="$att" -v c="$done_" 'BEGIN { printf "%.2f", 100 * (a - c) / a }'); else fail_pct=100.00; note="${note:+$note; }perfdhcp sent nothing"; fi
    # The nodes' CPU beyond their idle rate (measured just before) over the step's wall time.
    above=$(per "$(awk -v d="$dn" -v i=$((i1 - i0)) -v w="$wall" 'BEGIN { printf "%.0f", d - i / 2 * w }')")
    # Everything else the machine ran during the step (perfdhcp, the kernel, other engineers' work), in cores.
    rest=$(awk -v b=$((b1 - b0)) -v d=$((dn + dp)) -v w="$wall" -v hz="$clk_tck" 'BEGIN { printf "%.2f", (b - d) / hz / w }')
    offers=$(stats_delta "$s0" "$s1" reply.Offer | awk '{ print $NF }')
    acks=$(stats_delta "$s0" "$s1" reply.Ack | awk '{ print $NF }')
    opd=$(awk -v o="$offers" -v a="$att" 'BEGIN { if (a > 0) printf "%.3f", o / a; else print "-" }')
    recv=$(stats_delta "$s0" "$s1" received | awk '{ NF--; print }')
    left=$(stats_delta "$s0" "$s1" left-to-peer | awk '{ print $NF }')
    ptmo=$(stats_delta "$s0" "$s1" pool-timeouts | awk '{ print $NF }')
    row "$setup" "$rate" "$att" "$done_" "$fail_pct" "$(ms "$dn")" "$(ms "$dp")" "$(per "$dn")" "$(per $((dn + dp)))" \
      "$above" "$per_node" "$idle" "$pg_idle" "$offers" "$acks" "$opd" "$orphans" "$recv" "$left" "$ptmo" \
      "${do_avg:--}" "${ra_avg:--}" "$wall" "$load1" "$rest" "$idle_per_node" "$jit" "$note"
    { echo "before: $s0"; echo "after:  $s1"; } > "$out/$tag.stats.txt"
    log "$(printf '%-5s %5s/s  attempted %6s  completed %6s  failed %6s %%  nodes %5s µs/DORA  +pg %5s µs/DORA  [%s]  offers/DISCOVER %s  %s' \
      "$setup" "$rate" "$att" "$done_" "$fail_pct" "$(per "$dn")" "$(per $((dn + dp)))" "$per_node" "$opd" "$note")"
    if [ "$setup" = three ] && [ "$dup_check" = 1 ] && [ "$dup_done" = 0 ]; then
      dup_check "$out/dup-check" > "$out/dup-check.txt" 2>&1 || true
      dup_done=1
      log "capture check (three nodes, perfdhcp 200/s for 5 s, not measured): $(tr '\n' ';' < "$out/dup-check.txt")"
    fi
    lab_stop 20 "${CLUSTER_PIDS[@]}" > /dev/null
    forget_pids "${CLUSTER_PIDS[@]}"
    for n in "${CLUSTER_NODES[@]}"; do cp "$LAB_WORK/nodes/$n.log" "$out/$tag.$n.log"; done
    if awk -v p="$fail_pct" 'BEGIN { exit !(p >= 1) }'; then
      fails_in_row[$setup]=$(( ${fails_in_row[$setup]:-0} + 1 ))
      if [ "$all_steps" != 1 ] && [ "${fails_in_row[$setup]}" -ge 2 ]; then
        log "$setup failed two steps in a row: no higher rates for it"; stopped[$setup]=1
      fi
    else
      fails_in_row[$setup]=0
    fi
  done
done

# ---- report ----------------------------------------------------------------------------------------------------
# rt AWK-PROGRAM: runs the program over results.tsv with col("name") giving a row's value of that column.
rt() { awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } function col(n) { return $(c[n]) } '"$1" "$results"; }
echo
echo "== steps ($step_s s each, perfdhcp broadcasting, $clients clients, pool 60,000, lease 3600 s, PostgreSQL journal)"
echo "   CPU = utime+stime over the step; nodes = sum over the setup's node processes; +pg = with PostgreSQL's;"
echo "   above idle = the nodes' CPU minus their idle rate (measured just before) times the step's wall time"
{
  printf 'setup\trate/s\tattempted\tcompleted\tfailed %%\tnodes µs/DORA\t+pg µs/DORA\tnodes above idle\tper node ms/OFFERs\tpg ms\tidle %%core nodes/pg\tOFFERs/DISCOVER\tleft-to-peer\tJIT ms\tload\tother cores\tnote\n'
  rt '{ printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\n", col("setup"), col("rate"), col("attempted"),
        col("completed"), col("failed_pct"), col("nodes_us_per_dora"), col("all_us_per_dora"), col("nodes_above_idle_us_per_dora"),
        col("per_node_cpu_ms_and_offers"), col("pg_cpu_ms"), col("nodes_idle_pct"), col("pg_idle_pct"), col("offers_per_discover"),
        col("left_to_peer"), col("jit_ms"), col("load1"), col("rest_cores"), col("note") }'
} | column -t -s $'\t' | tee "$out/steps.txt"
echo
echo "== summary: highest rate with < 1 % failed per setup, and CPU per DORA there"
rt '
  col("failed_pct") != "-" { k = col("setup") SUBSEP col("rate"); fail[k] = col("failed_pct") + 0; nodes[k] = col("nodes_us_per_dora")
    all[k] = col("all_us_per_dora"); rates[col("rate") + 0] = 1; if (!(col("setup") in setups)) { setups[col("setup")] = 1; order[++n] = col("setup") } }
  END {
    printf "setup\tsustained DORA/s\tnodes µs/DORA there\t+pg µs/DORA there\n"
    for (i = 1; i <= n; i++) { s = order[i]
      best = -1; for (r in rates) if ((s SUBSEP r) in fail && fail[s SUBSEP r] < 1 && r + 0 > best) best = r + 0
      if (best < 0) printf "%s\tnone\t-\t-\n", s; else printf "%s\t%d\t%s\t%s\n", s, best, nodes[s SUBSEP best], all[s SUBSEP best]
    }
  }' | tee "$out/summary.tsv" | column -t -s $'\t'
echo
echo "== three/one CPU per DORA at every rate both sustained (< 1 % failed); the last line is the highest common rate"
rt '
  col("failed_pct") != "-" && col("failed_pct") + 0 < 1 { v[col("setup"), col("rate")] = col("nodes_us_per_dora")
    w[col("setup"), col("rate")] = col("all_us_per_dora"); a[col("setup"), col("rate")] = col("nodes_above_idle_us_per_dora")
    if (!seen[col("rate")]++) order[++n] = col("rate") }
  END { printf "rate/s\tnodes one\tnodes three\tthree/one\t+pg one\t+pg three\tthree/one\tabove idle one\tthree\tthree/one\n"
    for (i = 1; i <= n; i++) { r = order[i]; if ((("one", r) in v) && (("three", r) in v))
      printf "%s\t%s\t%s\t%.2f\t%s\t%s\t%.2f\t%s\t%s\t%.2f\n", r, v["one", r], v["three", r], v["three", r] / v["one", r],
        w["one", r], w["three", r], w["three", r] / w["one", r], a["one", r], a["three", r], a["three", r] / a["one", r] } }' \
  | tee "$out/ratios.tsv" | column -t -s $'\t'
[ "$(wc -l < "$out/ratios.tsv")" -gt 1 ] || echo "no rate sustained by both setups"
echo
[ -f "$out/dup-check.txt" ] && { echo "== capture check (three nodes, 200/s for 5 s, unmeasured)"; sed 's/^/   /' "$out/dup-check.txt"; echo; }
cat "$out/version.txt" 2>/dev/null || true
head -n 1 "$out/postgres-version.txt" 2>/dev/null || true
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); logs and perfdhcp reports: $out"
if [ "$start_failed" = 1 ]; then echo "a setup did not start, did not come Up, or lost a node during a step" >&2; exit 2; fi
exit 0
