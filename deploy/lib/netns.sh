# Shared by deploy/demo.sh and deploy/cluster.sh (sourced, not run): a lab of network namespaces on one
# bridged segment, processes started inside them and tracked by pid, real DHCP clients with scripts that only
# record what they learned, and one cleanup that removes it all. No DHCP or ARP ever reaches the host's own
# interfaces: every veth end is created directly inside its namespace.
#
# The caller sets LAB_WORK (a fresh temp dir, removed by lab_cleanup) and calls lab_trap before creating anything.

LAB_BRIDGE_NS=""   # the namespace holding br0, the shared segment
LAB_NS=()          # namespaces created here, removed by lab_cleanup
LAB_PIDS=()        # processes started here, stopped by lab_cleanup (newest first)
LAB_PID=""         # the pid lab_start recorded last
LAB_CLEANUP_HOOKS=()  # commands lab_cleanup runs after the processes stop (e.g. stopping PostgreSQL)

lab_require_root() {
  [ "$(id -u)" = 0 ] || { echo "$(basename "$0") needs root (it creates network namespaces)"; exit 1; }
}

# lab_require_tools TOOL... — exits naming the Debian packages when one is missing.
lab_require_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null && continue
    echo "missing $t: apt-get install -y iproute2 sqlite3 isc-dhcp-client udhcpc libpcap0.8 python3 postgresql"
    exit 1
  done
}

# lab_build REPO OUT — the published build of the executable, as `dotnet build -c Release` makes it.
lab_build() {
  local t0=$SECONDS
  echo "== building staticdhcpd (dotnet build -c Release src/Node)"
  dotnet build "$1/src/Node" -c Release -o "$2" -v quiet -nologo >"$LAB_WORK/build.log" 2>&1 \
    || { tail -n 30 "$LAB_WORK/build.log"; exit 1; }
  echo "   built in $((SECONDS - t0)) s"
}

# lab_ns NS... — fresh namespaces (a stale one of the same name, left by a killed run, is removed first).
lab_ns() {
  local ns
  for ns in "$@"; do
    lab_ns_remove "$ns"
    ip netns add "$ns"
    LAB_NS+=("$ns")
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  done
}

lab_ns_remove() {
  local pid
  ip netns list 2>/dev/null | awk -v ns="$1" '$1 == ns { found = 1 } END { exit !found }' || return 0
  for pid in $(ip netns pids "$1" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  ip netns del "$1" 2>/dev/null || true
}

# lab_bridge NS — the shared segment: a namespace with one Linux bridge, br0.
lab_bridge() {
  lab_ns "$1"
  LAB_BRIDGE_NS=$1
  ip -n "$1" link add br0 type bridge
  ip -n "$1" link set br0 up
}

# lab_attach NS IFNAME MAC [CIDR...] — a veth from NS to the bridge: IFNAME inside NS (MAC "" = random), the
# peer on br0; each CIDR is added to IFNAME.
lab_attach() {
  local ns=$1 ifname=$2 mac=$3 cidr
  shift 3
  ip link add "$ifname" netns "$ns" type veth peer name "p-$ns" netns "$LAB_BRIDGE_NS"
  if [ -n "$mac" ]; then ip -n "$ns" link set "$ifname" address "$mac"; fi
  ip -n "$LAB_BRIDGE_NS" link set "p-$ns" master br0 up
  ip -n "$ns" link set "$ifname" up
  for cidr in "$@"; do ip -n "$ns" addr add "$cidr" dev "$ifname"; done
}

# lab_start NS LOG CMD... — runs CMD inside NS in the background (in directory LAB_CWD if set), output to LOG;
# its pid in LAB_PID. `exec` makes the recorded pid the command's own, not a subshell's (call it directly,
# never in $(…)).
lab_start() {
  local ns=$1 log=$2
  shift 2
  ( cd "${LAB_CWD:-.}" && exec ip netns exec "$ns" "$@" ) >"$log" 2>&1 &
  LAB_PID=$!
  LAB_PIDS+=("$LAB_PID")
}

# lab_wait_line FILE REGEX SECONDS [PID] — waits (bounded) for a line matching REGEX; prints it and returns 0.
# Returns 1 on time-out, or at once when PID (the process writing FILE) has exited.
lab_wait_line() {
  local file=$1 re=$2 deadline=$((SECONDS + $3)) pid=${4:-} line
  while [ "$SECONDS" -lt "$deadline" ]; do
    line=$(grep -E -m1 -- "$re" "$file" 2>/dev/null) && { printf '%s\n' "$line"; return 0; }
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

# lab_stop SECONDS PID... — SIGTERM to each (a node leaves the cluster gracefully), SIGKILL to those still
# running after SECONDS.
lab_stop() {
  local grace=$1 deadline=$((SECONDS + $1)) pid alive
  shift
  kill -TERM "$@" 2>/dev/null
  while [ "$SECONDS" -lt "$deadline" ]; do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "$@"; do
    kill -0 "$pid" 2>/dev/null && { echo "   pid $pid still running after $grace s: SIGKILL"; kill -KILL "$pid"; }
    wait "$pid" 2>/dev/null
  done
  return 0
}

# Ctrl-C or SIGTERM end the script through its EXIT trap, which removes everything.
lab_trap() {
  trap lab_cleanup EXIT
  trap 'exit 130' INT TERM
}

lab_cleanup() {
  set +e
  trap - EXIT INT TERM
  local hook ns
  [ "${#LAB_PIDS[@]}" -gt 0 ] && lab_stop 20 "${LAB_PIDS[@]}"
  for hook in "${LAB_CLEANUP_HOOKS[@]}"; do $hook; done
  for ns in "${LAB_NS[@]}"; do lab_ns_remove "$ns"; done
  [ -n "${LAB_WORK:-}" ] && rm -rf "$LAB_WORK"
}

# lab_dhclient NS NAME — starts ISC dhclient (foreground, renewing at T1) on NS's eth0. Its script (never the
# distribution's, which would rewrite the host's resolv.conf) puts the address on the namespace's interface and
# appends one line per event to $LAB_WORK/NAME.events:  NAME EVENT ADDRESS MASK server=ID lease=S host=H.
# dhclient's own log (DHCPDISCOVER, DHCPNAK, …) goes to $LAB_WORK/NAME.log.
lab_dhclient() {
  local ns=$1 name=$2 dir=$LAB_WORK/$2
  mkdir -p "$dir"
  cat >"$dir/dhclient.conf" <<'EOF'
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers, host-name;
timeout 30;
initial-interval 1;
EOF
  cat >"$dir/script" <<EOS
#!/bin/sh
case "\$reason" in
BOUND|RENEW|REBIND|REBOOT)
  if [ -n "\$old_ip_address" ] && [ "\$old_ip_address" != "\$new_ip_address" ]; then ip addr flush dev "\$interface"; fi
  ip addr replace "\$new_ip_address/\$new_subnet_mask" dev "\$interface"
  r=\${new_routers%% *}
  if [ -n "\$r" ]; then ip route replace default via "\$r" dev "\$interface"; fi
  echo "$name \$reason \$new_ip_address \$new_subnet_mask server=\$new_dhcp_server_identifier lease=\${new_dhcp_lease_time}s host=\$new_host_name" >>"$LAB_WORK/$name.events" ;;
EXPIRE|FAIL|TIMEOUT|RELEASE|STOP)
  [ -n "\$old_ip_address" ] && ip addr del "\$old_ip_address/\$old_subnet_mask" dev "\$interface" 2>/dev/null
  echo "$name \$reason \$old_ip_address" >>"$LAB_WORK/$name.events" ;;
esac
exit 0
EOS
  chmod +x "$dir/script"
  : >"$LAB_WORK/$name.events"
  lab_start "$ns" "$LAB_WORK/$name.log" dhclient -1 -d -v -cf "$dir/dhclient.conf" -sf "$dir/script" \
    -lf "$dir/leases" -pf "$dir/pid" eth0
}

# lab_udhcpc NS NAME — busybox udhcpc, one lease then exit (-q -n); same event lines as lab_dhclient.
lab_udhcpc() {
  local ns=$1 name=$2 dir=$LAB_WORK/$2
  mkdir -p "$dir"
  cat >"$dir/script" <<EOS
#!/bin/sh
[ "\$1" = bound ] || [ "\$1" = renew ] || exit 0
echo "$name \$1 \$ip \$subnet server=\$serverid lease=\${lease}s host=\$hostname" >>"$LAB_WORK/$name.events"
EOS
  chmod +x "$dir/script"
  : >"$LAB_WORK/$name.events"
  lab_start "$ns" "$LAB_WORK/$name.log" udhcpc -i eth0 -n -q -t 5 -T 2 -s "$dir/script"
}

# lab_webhook_listener NS ADDRESS PORT — the operator's endpoint for the webhook (deploy/lib/webhook_listener.py):
# one line per notice in $LAB_WORK/webhook.log.
lab_webhook_listener() {
  lab_start "$1" "$LAB_WORK/webhook.log" python3 -u "$(dirname "${BASH_SOURCE[0]}")/webhook_listener.py" "$2" "$3"
}

# lab_capture NS IFNAME — a tcpdump of DHCP on IFNAME inside NS into $LAB_WORK/capture.txt, when tcpdump is
# installed (it is optional: lab_offers then reports nothing).
lab_capture() {
  command -v tcpdump >/dev/null || return 0
  lab_start "$1" "$LAB_WORK/capture.txt" tcpdump -i "$2" -n -l --immediate-mode -v 'udp port 67 or udp port 68'
  lab_wait_line "$LAB_WORK/capture.txt" "listening on" 10 "$LAB_PID" >/dev/null || true
}

# lab_offers MAC — "D DISCOVERs, O OFFERs from ID,ID" as the capture saw them for MAC; nothing without a capture.
lab_offers() {
  [ -f "$LAB_WORK/capture.txt" ] || return 0
  awk -v mac="$1" '
    function field(name,   i) { for (i = 1; i < NF; i++) if ($i == name) { v = $(i + 1); sub(",", "", v); return v } }
    /BOOTP\/DHCP, Request from/ { xid = field("xid"); mine = (field("from") == mac); kind = "request"; next }
    /BOOTP\/DHCP, Reply/        { xid = field("xid"); kind = "reply"; offer = 0; next }
    /DHCP-Message.*: Discover/  { if (kind == "request" && mine) { ours[xid] = 1; discovers++ } }
    /DHCP-Message.*: Offer/     { offer = (kind == "reply") }
    /Server-ID/ && offer        { if (xid in ours) { offers++; if (!seen[$NF]++) servers = servers (servers ? "," : "") $NF }; offer = 0 }
    END { printf "%d DISCOVER(s), %d OFFER(s) from %s\n", discovers, offers, (servers ? servers : "no server") }
  ' "$LAB_WORK/capture.txt"
}
