#!/usr/bin/env bash
# What StaticDhcpd is for, shown safely: static clients from a staticDHCPd database, and the registration
# flow for an unknown guest. Everything happens inside network namespaces this script creates and removes:
# no DHCP or ARP ever touches the host's interfaces.
#
#   segment (a Linux bridge in namespace sdd-br) carrying 10.66.0.0/24 (static) and 10.77.0.0/16 (registration)
#     sdd-srv     eth0 10.66.0.1/24 + 10.77.0.1/16   staticdhcpd, pool "guests" 10.77.100.10-250, 12 s leases
#                 (--cluster: sdd-n1..n3, 10.77.0.11-13, three nodes on one PostgreSQL journal, see lib/cluster.sh)
#     sdd-portal  eth0 10.77.0.2/16   the registration portal: a python3 http.server receiving the webhook
#     sdd-c1      02:00:00:00:66:01   ISC dhclient    defined in data/static.db: 10.66.0.101 "alpha"
#     sdd-c2      02:00:00:00:66:02   busybox udhcpc  defined in data/static.db: 10.66.0.102 "bravo"
#     sdd-guest   02:00:00:00:66:99   ISC dhclient    unknown: a guest lease, reported, registered as 10.66.0.140
#
# Usage: sudo deploy/demo.sh [--cluster]            (runs the demo, then keeps serving until Ctrl-C)
#        DEMO_EXIT=1 deploy/demo.sh [--cluster]     (runs the demo and exits; exit code 0 = every step worked)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/lib/netns.sh"
. "$here/lib/cluster.sh"
cluster=0
case "${1:-}" in
  "") ;;
  --cluster) cluster=1 ;;
  *) echo "usage: $0 [--cluster]"; exit 64 ;;
esac
lab_require_root
lab_require_tools ip dotnet sqlite3 dhclient udhcpc python3
[ "$cluster" = 1 ] && lab_require_tools runuser

GUEST_MAC=02:00:00:00:66:99
GUEST_LEASE=12   # T1 = 6 s: the guest renews, and so meets its registration, 6 s after it got its lease
PORTAL=http://10.77.0.2:8067/hook
LAB_WORK=$(mktemp -d /tmp/staticdhcpd-demo.XXXXXX)
lab_trap
started=$SECONDS
steps=0
failed=0
ok() { steps=$((steps + 1)); }
fail() { failed=$((failed + 1)); echo "   FAILED: $*"; }

lab_build "$repo" "$LAB_WORK/bin"

echo "== creating the lab (namespaces sdd-*)"
lab_bridge sdd-br
if [ "$cluster" = 1 ]; then cluster_namespaces sdd; else lab_ns sdd-srv; lab_attach sdd-srv eth0 "" 10.66.0.1/24 10.77.0.1/16; fi
lab_ns sdd-portal sdd-c1 sdd-c2 sdd-guest
lab_attach sdd-portal eth0 "" 10.77.0.2/16
lab_attach sdd-c1 eth0 02:00:00:00:66:01
lab_attach sdd-c2 eth0 02:00:00:00:66:02
lab_attach sdd-guest eth0 "$GUEST_MAC"

echo "== provisioning data/static.db (staticDHCPd's schema, deploy/schema/sqlite.sql, unchanged)"
mkdir -p "$LAB_WORK/srv/data"
db=$LAB_WORK/srv/data/static.db
sqlite3 "$db" <"$repo/deploy/schema/sqlite.sql"
sqlite3 "$db" <<'SQL'
INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask, broadcast_address, ntp_servers, domain_name_servers, domain_name)
  VALUES ('10.66.0.0/24', 0, 3600, '10.66.0.1', '255.255.255.0', '10.66.0.255', '', '10.66.0.53', 'demo.example');
INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:66:01', '10.66.0.101', 'alpha', '10.66.0.0/24', 0);
INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:66:02', '10.66.0.102', 'bravo', '10.66.0.0/24', 0);
SQL

echo "== the registration portal (webhook listener) on $PORTAL in sdd-portal"
lab_webhook_listener sdd-portal 10.77.0.2 8067
lab_wait_line "$LAB_WORK/webhook.log" "^listening on" 15 "$LAB_PID" >/dev/null \
  || { echo "the webhook listener did not start:"; cat "$LAB_WORK/webhook.log"; exit 1; }
webhook="webhook { url = \"$PORTAL\", events = [\"unknown-mac\", \"lease-granted\", \"lease-released\"] }"

if [ "$cluster" = 1 ]; then
  pg_start
  CLUSTER_LEASE=$GUEST_LEASE cluster_start sdd "$LAB_WORK/bin" \
    "static { provider = sqlite, connection-string = \"Data Source=$db\" }" "$webhook"
  deadline=$((SECONDS + 60))
  while [ "$(cluster_members_up)" -lt 3 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
  echo "== cluster: $(cluster_members_up) of 3 members Up"
  [ "$(cluster_members_up)" = 3 ] && ok || fail "the cluster did not reach 3 members"
  lab_capture sdd-br br0
  node_pids=("${CLUSTER_PIDS[@]}")
  node_logs=("$LAB_WORK"/nodes/n1.log "$LAB_WORK"/nodes/n2.log "$LAB_WORK"/nodes/n3.log)
  answered_by() { echo "$(cluster_node_of "$1") ($1)"; }
else
  # Only what differs from the embedded HOCON.conf (interface eth0, SQLite data/static.db, journal in data/).
  cat >"$LAB_WORK/srv/staticdhcpd.conf" <<EOF
staticdhcpd {
  dhcp.server-ip = "10.66.0.1"
  pools = [
    {
      name = "guests", subnet = "10.77.0.0/16", ranges = ["10.77.100.10-10.77.100.250"], lease-time = ${GUEST_LEASE}s
      routers = ["10.77.0.1"], dns-servers = ["10.77.0.53"], domain-name = "guests.example", hostname-prefix = "guest"
    }
  ]
  $webhook
}
EOF
  echo "== starting staticdhcpd in sdd-srv: the embedded default (HOCON.conf) plus staticdhcpd.conf:"
  sed 's/^/   | /' "$LAB_WORK/srv/staticdhcpd.conf"
  LAB_CWD=$LAB_WORK/srv lab_start sdd-srv "$LAB_WORK/srv/server.log" \
    dotnet "$LAB_WORK/bin/staticdhcpd.dll" run --config "$LAB_WORK/srv/staticdhcpd.conf"
  node_pids=("$LAB_PID")
  node_logs=("$LAB_WORK/srv/server.log")
  t0=$SECONDS
  lab_wait_line "${node_logs[0]}" "serving DHCP on eth0" 120 "$LAB_PID" >/dev/null \
    || { echo "the server did not start:"; tail -n 40 "${node_logs[0]}"; exit 1; }
  echo "   pid $LAB_PID serving DHCP on eth0 after $((SECONDS - t0)) s"
  answered_by() { echo "$1"; }
fi

# event LINE — "NAME EVENT IP MASK server=ID lease=S host=H" as a sentence.
event() {
  local name ev ip mask server lease host
  read -r name ev ip mask server lease host <<<"$1"
  server=${server#server=}
  echo "$ev $ip/$mask ${host#host=} lease ${lease#lease=}, answered by $(answered_by "$server")"
}

demo_start=$SECONDS
echo "== 1. static clients: the database knows their MACs"
lab_dhclient sdd-c1 c1
if line=$(lab_wait_line "$LAB_WORK/c1.events" " BOUND 10\.66\.0\.101 " 30); then
  echo "   c1 dhclient 02:00:00:00:66:01: $(event "$line")"; ok
else fail "c1 got no static lease"; fi
lab_udhcpc sdd-c2 c2
if line=$(lab_wait_line "$LAB_WORK/c2.events" " bound 10\.66\.0\.102 " 30); then
  echo "   c2 udhcpc   02:00:00:00:66:02: $(event "$line")"; ok
else fail "c2 got no static lease"; fi

echo "== 2. an unknown guest arrives (dhclient, $GUEST_MAC): a short lease in the registration pool"
t0=$SECONDS
lab_dhclient sdd-guest guest
if line=$(lab_wait_line "$LAB_WORK/guest.events" " BOUND 10\.77\.100\." 30); then
  echo "   guest: $(event "$line")"; ok
  guest_ip=$(awk '{print $3}' <<<"$line")
else fail "the guest got no pool lease"; guest_ip=none; fi

echo "== 3. the portal hears of it (webhook POSTs)"
if lab_wait_line "$LAB_WORK/webhook.log" "unknown-mac mac=$GUEST_MAC" 15 >/dev/null; then
  ok
  grep -E "(unknown-mac|lease-granted) mac=$GUEST_MAC" "$LAB_WORK/webhook.log" | sed 's/^/   /'
else fail "no unknown-mac notice for $GUEST_MAC"; fi
mac=$(sed -n "s/.*unknown-mac mac=\([0-9a-f:]*\).*/\1/p" "$LAB_WORK/webhook.log" | head -n 1)

echo "== 4. the operator registers ${mac:-the MAC} as 10.66.0.140 \"delta\" and sends SIGHUP"
sql="INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('${mac:-$GUEST_MAC}', '10.66.0.140', 'delta', '10.66.0.0/24', 0);"
echo "   sqlite3 data/static.db \"$sql\""
sqlite3 "$db" "$sql"
naks_before=$(grep -c DHCPNAK "$LAB_WORK/guest.log" || true)
lines_before=$(wc -l <"$LAB_WORK/guest.log")
hups=0
for i in "${!node_pids[@]}"; do
  kill -HUP "${node_pids[$i]}"
  if lab_wait_line "${node_logs[$i]}" "SIGHUP: flushing" 10 >/dev/null; then
    echo "   kill -HUP ${node_pids[$i]}: $(grep -m1 -o 'SIGHUP: flushing.*' "${node_logs[$i]}")"
    hups=$((hups + 1))
  else fail "pid ${node_pids[$i]} did not log the SIGHUP"; fi
done
[ "$hups" = "${#node_pids[@]}" ] && ok

echo "== 5. at its next renewal (T1 = $((GUEST_LEASE / 2)) s after its lease) the guest is NAKed and moves to its static address"
if line=$(lab_wait_line "$LAB_WORK/guest.events" " BOUND 10\.66\.0\.140 " 30); then
  tail -n +"$((lines_before + 1))" "$LAB_WORK/guest.log" | grep -E "^DHCP(REQUEST|NAK|DISCOVER|OFFER|ACK)" | sed 's/^/   dhclient: /'
  [ "$(grep -c DHCPNAK "$LAB_WORK/guest.log")" -gt "$naks_before" ] && ok || fail "the move happened without a NAK"
  echo "   guest: $(event "$line")"; ok
  ip -n sdd-guest -br addr show eth0 | awk '{print "   guest'"'"'s eth0 now: " $3}'
else fail "the guest did not move to 10.66.0.140"; tail -n 15 "$LAB_WORK/guest.log" | sed 's/^/   /'; fi
if line=$(lab_wait_line "$LAB_WORK/webhook.log" "lease-released mac=$GUEST_MAC" 10); then
  echo "   $line   (its guest address is free again)"; ok
else fail "no lease-released notice for $guest_ip"; fi
echo "   registration flow: $((SECONDS - t0)) s from the guest's first DISCOVER to its static address"

[ "$cluster" = 1 ] && cluster_offers sdd c1 c2 guest
expected=$([ "$cluster" = 1 ] && echo 9 || echo 8)
if [ "$failed" = 0 ] && [ "$steps" = "$expected" ]; then
  echo "== demo OK ($steps/$expected checks; the demonstration took $((SECONDS - demo_start)) s, $((SECONDS - started)) s with build and start)"
else
  echo "== demo FAILED ($steps of $expected checks passed)"
  for log in "${node_logs[@]}"; do echo "-- $log (end)"; tail -n 15 "$log" | cut -c1-220 | sed 's/^/   /'; done
fi
if [ "${DEMO_EXIT:-0}" = 1 ]; then [ "$failed" = 0 ] && [ "$steps" = "$expected" ]; exit; fi
echo "== still serving; try: sudo ip netns exec sdd-c2 udhcpc -i eth0 -n -q -s /bin/true"
echo "== Ctrl-C stops the server(s) and removes the lab"
wait "${node_pids[0]}"
