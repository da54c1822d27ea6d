#!/usr/bin/env bash
# A safe demonstration of StaticDhcpd on its embedded default configuration (HOCON.conf):
# everything happens inside network namespaces this script creates and removes — no DHCP or ARP
# ever touches the host's interfaces.
#
#   segment 10.66.0.0/24 (a Linux bridge in its own namespace)
#     sdd-srv  eth0 10.66.0.1   staticdhcpd run   (embedded default: SQLite data/static.db, interface eth0)
#     sdd-c1   02:00:00:00:66:01  ISC dhclient     (defined in the database: 10.66.0.11)
#     sdd-c2   02:00:00:00:66:02  busybox udhcpc   (defined in the database: 10.66.0.12)
#     sdd-c3   02:00:00:00:66:03  udhcpc          (unknown: the server stays silent)
#
# Usage: sudo deploy/demo.sh            (runs the demo, then keeps serving until Ctrl-C)
#        DEMO_EXIT=1 deploy/demo.sh     (runs the demo and exits; the exit code says whether it worked)
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "demo.sh needs root (network namespaces)"; exit 1; }
for tool in ip dotnet sqlite3 dhclient udhcpc; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install iproute2 sqlite3 isc-dhcp-client udhcpc"; exit 1; }
done

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/staticdhcpd-demo.XXXXXX)
server_pid=""
ns_list=(sdd-br sdd-srv sdd-c1 sdd-c2 sdd-c3)

cleanup() {
  set +e
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  for ns in "${ns_list[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "== building staticdhcpd"
dotnet build "$repo/src/Node" -c Release -o "$work/bin" -v quiet -nologo >/dev/null

echo "== creating the lab (namespaces ${ns_list[*]})"
for ns in "${ns_list[@]}"; do
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
ip -n sdd-br link add br0 type bridge
ip -n sdd-br link set br0 up
attach() { # attach NS IFNAME MAC
  ip link add "$2" netns "$1" type veth peer name "p-$1" netns sdd-br
  [ -n "${3:-}" ] && ip -n "$1" link set "$2" address "$3"
  ip -n sdd-br link set "p-$1" master br0 up
  ip -n "$1" link set "$2" up
}
attach sdd-srv eth0 ""
ip -n sdd-srv addr add 10.66.0.1/24 dev eth0
attach sdd-c1 eth0 02:00:00:00:66:01
attach sdd-c2 eth0 02:00:00:00:66:02
attach sdd-c3 eth0 02:00:00:00:66:03

echo "== provisioning data/static.db (staticDHCPd's schema, unchanged)"
mkdir -p "$work/srv/data"
sqlite3 "$work/srv/data/static.db" < "$repo/deploy/schema/sqlite.sql"
sqlite3 "$work/srv/data/static.db" <<'SQL'
INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask, broadcast_address, ntp_servers, domain_name_servers, domain_name)
  VALUES ('10.66.0.0/24', 0, 3600, '10.66.0.1', '255.255.255.0', '10.66.0.255', '', '10.66.0.53', 'demo.example');
INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:66:01', '10.66.0.11', 'alpha', '10.66.0.0/24', 0);
INSERT INTO maps (mac, ip, hostname, subnet, serial) VALUES ('02:00:00:00:66:02', '10.66.0.12', 'bravo', '10.66.0.0/24', 0);
SQL

echo "== starting staticdhcpd on its embedded default (HOCON.conf) in sdd-srv"
(cd "$work/srv" && exec ip netns exec sdd-srv dotnet "$work/bin/staticdhcpd.dll" run) > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  grep -q "serving DHCP on eth0" "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
grep -q "serving DHCP on eth0" "$work/server.log" || { echo "server did not start:"; cat "$work/server.log"; exit 1; }

cat > "$work/dhclient-script" <<'EOS'
#!/bin/sh
# Print what dhclient learned; never touch the host's resolv.conf.
case "$reason" in BOUND|RENEW|REBOOT|REBIND)
  echo "dhclient: $reason $new_ip_address/$new_subnet_mask router=$new_routers dns=$new_domain_name_servers host=$new_host_name domain=$new_domain_name lease=${new_dhcp_lease_time}s" ;;
esac
EOS
cat > "$work/udhcpc-script" <<'EOS'
#!/bin/sh
[ "$1" = bound ] && echo "udhcpc: bound $ip/$subnet router=$router dns=$dns host=$hostname domain=$domain lease=${lease}s"
exit 0
EOS
chmod +x "$work/dhclient-script" "$work/udhcpc-script"

ok=0
echo "== sdd-c1: ISC dhclient"
if timeout 30 ip netns exec sdd-c1 dhclient -1 -v -sf "$work/dhclient-script" -lf "$work/c1.leases" -pf "$work/c1.pid" eth0 2>/dev/null | grep dhclient:; then ok=$((ok+1)); fi
[ -f "$work/c1.pid" ] && kill "$(cat "$work/c1.pid")" 2>/dev/null || true
echo "== sdd-c2: busybox udhcpc"
if timeout 30 ip netns exec sdd-c2 udhcpc -i eth0 -n -q -t 5 -s "$work/udhcpc-script" 2>/dev/null | grep udhcpc:; then ok=$((ok+1)); fi
echo "== sdd-c3: an unknown client (expect no answer)"
if timeout 20 ip netns exec sdd-c3 udhcpc -i eth0 -n -q -t 3 -T 1 -s "$work/udhcpc-script" >/dev/null 2>&1; then
  echo "unexpected: the unknown client got a lease"
else
  echo "udhcpc: no lease, as expected (the database does not know 02:00:00:00:66:03)"; ok=$((ok+1))
fi

echo "== server log"
sed -e 's/^/   /' "$work/server.log" | tail -n 20
if [ "$ok" = 3 ]; then echo "== demo OK"; else echo "== demo FAILED ($ok/3)"; fi
if [ "${DEMO_EXIT:-0}" = 1 ]; then [ "$ok" = 3 ]; exit; fi
echo "== still serving in namespace sdd-srv; try: sudo ip netns exec sdd-c1 dhclient -1 -v -sf /bin/true -lf /dev/null eth0"
echo "== Ctrl-C stops the server and removes the lab"
wait "$server_pid"
