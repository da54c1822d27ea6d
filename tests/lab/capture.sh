#!/bin/bash
# Captures real DHCP exchanges into tests/Messages.Tests/TestData/captures/*.bin: each file is one BOOTP
# message (the UDP payload), named after the program that sent it.
#
# Topology (all in namespaces made here and removed on exit; the host namespace is never touched):
#   cap$$br  : Linux bridges br0 (segment 10.66.0.0/24) and br1 (segment 10.67.0.0/24)
#   cap$$srv : eth0 10.66.0.1/24 on br0, Kea (raw socket) + tcpdump; route to 10.67.0.0/24 via the relay
#   cap$$c1..c3 : dhclient, udhcpc, dhcpcd, each alone in its namespace on br0 (MAC 02:00:00:00:00:0N)
#   cap$$rly : dhcrelay -a, eth0 10.66.0.2/24 on br0 (upstream), eth1 10.67.0.1/24 on br1 (downstream)
#   cap$$c4  : dhclient behind the relay on br1
# Needs root, kea-dhcp4, tcpdump, dhclient, udhcpc, dhcpcd, dhcrelay, /usr/bin/python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../Messages.Tests/TestData/captures"
work=$(mktemp -d /tmp/labcap.XXXXXX)
P="cap$$"
NS=(br srv c1 c2 c3 rly c4)
pids=()

cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.5
  for n in "${NS[@]}"; do
    for p in $(ip netns pids "$P$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    ip netns del "$P$n" 2>/dev/null
  done
  # dhcpcd keeps state on the shared filesystem: remove only what appeared during this run.
  if [ -f "$work/dhcpcd-before" ]; then
    comm -13 "$work/dhcpcd-before" <(ls -A /var/lib/dhcpcd 2>/dev/null | sort) |
      while read -r f; do rm -rf "/var/lib/dhcpcd/$f"; done
  fi
  [ -n "${DEBUG:-}" ] && tail -n 20 "$work"/*.out "$work"/kea.log
  rm -rf "$work"
}
trap cleanup EXIT
ls -A /var/lib/dhcpcd 2>/dev/null | sort > "$work/dhcpcd-before" || true

for n in "${NS[@]}"; do
  ip netns add "$P$n"
  ip -n "$P$n" link set lo up
  ip netns exec "$P$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n "${P}br" link add br0 type bridge
ip -n "${P}br" link add br1 type bridge
ip -n "${P}br" link set br0 up
ip -n "${P}br" link set br1 up

# attach NS IFACE BRIDGE PORTNAME [MAC]
attach() {
  ip link add "$2" netns "$P$1" type veth peer name "$4" netns "${P}br"
  [ -n "${5:-}" ] && ip -n "$P$1" link set "$2" address "$5"
  ip -n "${P}br" link set "$4" master "$3" up
  ip -n "$P$1" link set "$2" up
}
attach srv eth0 br0 psrv
attach c1 eth0 br0 pc1 02:00:00:00:00:01
attach c2 eth0 br0 pc2 02:00:00:00:00:02
attach c3 eth0 br0 pc3 02:00:00:00:00:03
attach rly eth0 br0 prly0
attach rly eth1 br1 prly1
attach c4 eth0 br1 pc4 02:00:00:00:00:04
ip -n "${P}srv" addr add 10.66.0.1/24 dev eth0
ip -n "${P}rly" addr add 10.66.0.2/24 dev eth0
ip -n "${P}rly" addr add 10.67.0.1/24 dev eth1
ip -n "${P}srv" route add 10.67.0.0/24 via 10.66.0.2
ip netns exec "${P}rly" sysctl -qw net.ipv4.ip_forward=1

cat > "$work/kea.json" <<JSON
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "eth0" ], "dhcp-socket-type": "raw" },
  "lease-database": { "type": "memfile", "persist": true, "name": "$work/leases.csv", "lfc-interval": 0 },
  "valid-lifetime": 3600, "renew-timer": 1800, "rebind-timer": 3150,
  "subnet4": [
    { "id": 1, "subnet": "10.66.0.0/24", "interface": "eth0", "pools": [ { "pool": "10.66.0.100 - 10.66.0.120" } ],
      "option-data": [ { "name": "routers", "data": "10.66.0.1" }, { "name": "domain-name-servers", "data": "10.66.0.1" },
                       { "name": "domain-name", "data": "lab.example" } ] },
    { "id": 2, "subnet": "10.67.0.0/24", "pools": [ { "pool": "10.67.0.100 - 10.67.0.120" } ],
      "option-data": [ { "name": "routers", "data": "10.67.0.1" }, { "name": "domain-name-servers", "data": "10.66.0.1" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "$work/kea.log" } ] } ]
} }
JSON

KEA_PIDFILE_DIR=$work KEA_LOCKFILE_DIR=$work ip netns exec "${P}srv" timeout 300 kea-dhcp4 -c "$work/kea.json" >"$work/kea.out" 2>&1 &
pids+=($!)
ip netns exec "${P}rly" timeout 300 dhcrelay -4 -d -a -id eth1 -iu eth0 10.66.0.1 >"$work/relay.out" 2>&1 &
pids+=($!)
sleep 2

# A script that does nothing: the distribution scripts would rewrite the host's /etc/resolv.conf.
printf '#!/bin/sh\nexit 0\n' > "$work/noop.sh"; chmod +x "$work/noop.sh"
# dhclient's script puts the address on the (namespace's) interface, so its RELEASE can be unicast.
cat > "$work/addr.sh" <<'SH'
#!/bin/sh
case "$reason" in BOUND|RENEW|REBIND|REBOOT) ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" ;; esac
exit 0
SH
chmod +x "$work/addr.sh"

# phase NAME CMD...: one capture on the server's eth0 per client run.
phase() {
  local name=$1; shift
  ip netns exec "${P}srv" timeout 60 tcpdump -n -i eth0 -w "$work/$name.pcap" --immediate-mode -U 'udp port 67 or udp port 68' 2>"$work/tcpdump-$name.out" &
  local tpid=$!
  sleep 1
  "$@" >>"$work/clients.out" 2>&1 || echo "phase $name: client exited non-zero" >&2
  sleep 1
  kill "$tpid" 2>/dev/null || true
  wait "$tpid" 2>/dev/null || true
}
phase dhclient sh -c "ip netns exec ${P}c1 timeout 20 dhclient -1 -v -sf $work/addr.sh -lf $work/dhclient.leases -pf $work/dhclient.pid eth0 &&
  ip netns exec ${P}c1 timeout 20 dhclient -r -v -sf $work/addr.sh -lf $work/dhclient.leases -pf $work/dhclient.pid eth0"
phase udhcpc ip netns exec "${P}c2" timeout 20 udhcpc -i eth0 -n -q -t 3 -T 2 -s "$work/noop.sh"
phase dhcpcd ip netns exec "${P}c3" timeout 40 dhcpcd -4 -1 -B -c "$work/noop.sh" -f /dev/null eth0
phase dhcrelay ip netns exec "${P}c4" timeout 20 dhclient -1 -v -sf "$work/noop.sh" -lf "$work/dhclient4.leases" -pf "$work/dhclient4.pid" eth0

mkdir -p "$out"
/usr/bin/python3 - "$work" "$out" <<'PY'
import os, struct, sys
work, out = sys.argv[1], sys.argv[2]
names = {1: 'discover', 2: 'offer', 3: 'request', 5: 'ack', 7: 'release'}

def payloads(pcap):
    data = open(pcap, 'rb').read()
    assert struct.unpack('<I', data[:4])[0] == 0xa1b2c3d4, 'expected a little-endian microsecond pcap'
    assert struct.unpack('<I', data[20:24])[0] == 1, 'expected Ethernet frames'
    pos = 24
    while pos + 16 <= len(data):
        incl = struct.unpack('<I', data[pos + 8:pos + 12])[0]
        ip = data[pos + 16 + 14:pos + 16 + incl]
        pos += 16 + incl
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17: continue
        udp = ip[(ip[0] & 15) * 4:]
        yield udp[8:struct.unpack('!H', udp[4:6])[0]]

def msgtype(p):
    o, i = p[240:], 0
    while i + 1 < len(o) and o[i] != 255:
        if o[i] == 0: i += 1; continue
        if o[i] == 53: return o[i + 2]
        i += 2 + o[i + 1]

# (capture, op, message type) -> file; the first packet of each kind wins (later ones are retransmissions).
wanted = {('dhclient', 1, 1): 'dhclient-discover', ('dhclient', 1, 3): 'dhclient-request',
          ('dhclient', 1, 7): 'dhclient-release', ('dhclient', 2, 2): 'kea-offer', ('dhclient', 2, 5): 'kea-ack',
          ('udhcpc', 1, 1): 'udhcpc-discover', ('udhcpc', 1, 3): 'udhcpc-request',
          ('dhcpcd', 1, 1): 'dhcpcd-discover', ('dhcpcd', 1, 3): 'dhcpcd-request',
          ('dhcrelay', 1, 1): 'dhcrelay-discover'}
missing = set(wanted.values())
for cap in ['dhclient', 'udhcpc', 'dhcpcd', 'dhcrelay']:
    pcap = os.path.join(work, cap + '.pcap')
    if not os.path.exists(pcap): continue
    for p in payloads(pcap):
        if len(p) < 240 or p[236:240] != b'\x63\x82\x53\x63': continue
        if cap == 'dhcrelay' and p[24:28] == b'\0\0\0\0': continue  # only the relayed copy (giaddr set)
        name = wanted.get((cap, p[0], msgtype(p)))
        if name in missing:
            missing.discard(name)
            with open(os.path.join(out, name + '.bin'), 'wb') as f: f.write(p)
            print(f'{name}.bin {len(p)} bytes')
if missing:
    sys.exit('not captured: ' + ', '.join(sorted(missing)))
PY
