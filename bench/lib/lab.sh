# The lab shared by perfdhcp-vs-kea.sh, renewals-vs-kea.sh and static-vs-kea.sh (sourced, not run): two network
# namespaces joined by one veth pair, the two servers (fresh state per start), perfdhcp runs and the warm-up.
#
#   sdb-srv  eth0 10.80.0.1/16   the server under test (UDP 67)
#   sdb-clt  eth0 10.80.0.2/16   perfdhcp: a relay, giaddr = 10.80.0.2, replies come back to 10.80.0.2:67
#
# Expects from the sourcing script: repo, out, work, clients, drop_time, lease_s, kind (dora | renew | static);
# for kind = static also static_db and kea_reservations (bench/lib/static-data.sh).

srv_ns=sdb-srv clt_ns=sdb-clt
srv_ip=10.80.0.1 clt_ip=10.80.0.2 prefix=16
subnet=10.80.0.0/16
range_first=10.80.0.10 range_last=10.80.234.105   # 10.80.0.10 + 59,999 = exactly 60,000 addresses
warmup_rate=50 warmup_s=4 warmup_clients=1000    # before every measured step, with MACs disjoint from the measured ones
measured_mac=00:0c:01:00:00:00                   # perfdhcp adds a client number < -R to the last octets (no carry)
start_timeout=90                                 # seconds a server may take to come up
clk_tck=$(getconf CLK_TCK)
server_pid=""

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
  for ns in "$srv_ns" "$clt_ns"; do
    # Everything still running in these namespaces was started by this script.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$work"
}

lab_up() {
  for ns in "$srv_ns" "$clt_ns"; do
    if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
      if [ -n "$(ip netns pids "$ns")" ]; then
        echo "namespace $ns exists and has processes (another bench running?); not touching it" >&2; exit 1
      fi
      ip netns del "$ns"   # an empty leftover of an interrupted run of a bench script
    fi
  done
  # From here on the namespaces are ours: cleanup removes them.
  trap cleanup EXIT
  trap 'exit 130' INT TERM
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
}

build_servers() {
  if [[ " $servers " == *" staticdhcpd "* ]]; then
    log "building staticdhcpd (Release) from $repo"
    dotnet build "$repo/src/Node" -c Release -o "$work/bin" -v quiet -nologo > "$out/build.log" 2>&1 \
      || { tail -n 30 "$out/build.log"; echo "build failed" >&2; exit 1; }
    git -C "$repo" log -1 --format='staticdhcpd commit %h %s' > "$out/version.txt" 2>/dev/null || true
    git -C "$repo" status --porcelain --untracked-files=no | grep -q . && echo "(with uncommitted changes)" >> "$out/version.txt"
  fi
  kea-dhcp4 -v > "$out/kea-version.txt" 2>&1 || true
}

# start_SERVER DIR LOG: starts the server with fresh state in DIR, sets server_pid, returns non-zero if it did not
# come up within start_timeout.
start_staticdhcpd() {
  local dir=$1 logf=$2 static_conf pools_conf
  mkdir -p "$dir/data"
  if [ "$kind" = static ]; then
    # Static clients only (every measured and warm-up MAC has a map): no pool, nothing is journaled.
    cp "$static_db" "$dir/static.db"
    static_conf="provider = sqlite, connection-string = \"Data Source=$dir/static.db\""
    pools_conf=""   # no pools key: the embedded default has none
  else
    static_conf='provider = none, connection-string = ""'
    pools_conf="pools = [ {
      name = \"bench\"
      subnet = \"$subnet\"
      ranges = [\"$range_first-$range_last\"]
      lease-time = ${lease_s}s
      routers = [\"$srv_ip\"]
      ${BENCH_POOL_EXTRA:-}
    } ]"
  fi
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
  static { $static_conf }
  $pools_conf
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
  local dir=$1 logf=$2 subnet_conf ids=""
  mkdir -p "$dir"
  if [ "$kind" = static ]; then
    ids='"host-reservation-identifiers": [ "hw-address" ],'   # staticdhcpd matches by MAC only, too
    # The same clients as staticdhcpd's maps, as host reservations by hw-address; no pool, so every reservation
    # is out of pool (Kea may then skip checking whether another client holds the address).
    subnet_conf="{ \"id\": 1, \"subnet\": \"$subnet\", \"reservations-out-of-pool\": true,
      \"option-data\": [ { \"name\": \"routers\", \"data\": \"$srv_ip\" } ],
      \"reservations\": $(cat "$kea_reservations") }"
  else
    subnet_conf="{ \"id\": 1, \"subnet\": \"$subnet\", \"pools\": [ { \"pool\": \"$range_first - $range_last\" } ],
      \"option-data\": [ { \"name\": \"routers\", \"data\": \"$srv_ip\" } ] }"
  fi
  cat > "$dir/kea.json" <<EOF
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "eth0" ], "dhcp-socket-type": "udp" },
  "lease-database": { "type": "memfile", "persist": true, "name": "$dir/leases.csv", "lfc-interval": 0 },
  $ids
  "valid-lifetime": $lease_s,
  "subnet4": [ $subnet_conf ],
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

# run_perfdhcp OUT RATE SECONDS NCLIENTS MACBASE [ARGS...]: a bounded perfdhcp run from the client namespace.
run_perfdhcp() {
  local outf=$1 rate=$2 secs=$3 n=$4 mac=$5; shift 5
  timeout -k 5 $((secs + 60)) ip netns exec "$clt_ns" \
    perfdhcp -4 -l "$clt_ip" -g single -r "$rate" -R "$n" -p "$secs" -d "$drop_time" -W 1500000 -b "mac=$mac" "$@" "$srv_ip" \
    > "$outf" 2>&1 || true   # exit code 3 = some exchanges failed: judged from the report
}

# warm_up PREFIX: JIT, entity start-up, first journal writes, with other MACs (02:bb:…) than the measured clients,
# repeated (at most 3 times) until 90 % of its DORAs complete. Sets w (tries), w_att, w_ack.
warm_up() {
  local wf
  w_ack=0 w_att=0
  for w in 1 2 3; do
    wf="$1.warmup$w.txt"
    run_perfdhcp "$wf" "$warmup_rate" "$warmup_s" "$warmup_clients" 02:bb:00:00:00:0$w
    w_att=$(stat_of "$wf" DISCOVER-OFFER "sent packets"); w_ack=$(stat_of "$wf" REQUEST-ACK "received packets")
    w_att=${w_att:-0} w_ack=${w_ack:-0}
    [ $((w_ack * 10)) -lt $((w_att * 9)) ] || break
  done
}
