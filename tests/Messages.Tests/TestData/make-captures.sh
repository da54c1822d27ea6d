#!/bin/bash
# Captures real DHCP exchanges into captures/*.bin (the BOOTP message = UDP payload, one file per packet).
# Everything runs inside network namespaces made here and removed on exit; the host's interfaces are untouched.
#   srv: Kea 2.x on 10.77.0.1/24, tcpdump.  cli: udhcpc, dhclient, dhcpcd directly on the server's segment.
#   rly: ISC dhcrelay (adds option 82) between 10.78.0.0/24 (cl2, dhclient) and the server.
# Needs root, kea-dhcp4, tcpdump, udhcpc, dhclient, dhcpcd, dhcrelay, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/captures"
work=$(mktemp -d /tmp/msgcap.XXXXXX)
P=msgcap
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for ns in srv cli rly cl2; do
    for p in $(ip netns pids $P-$ns 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    ip netns del $P-$ns 2>/dev/null || true
  done
  # dhcpcd keeps state on the shared filesystem: remove only what appeared during this run.
  if [ -f "$work/dhcpcd-before" ]; then
    comm -13 "$work/dhcpcd-before" <(ls -A /var/lib/dhcpcd 2>/dev/null | sort) | while read -r f; do rm -rf "/var/lib/dhcpcd/$f"; done
  fi
  if [ -n "${DEBUG:-}" ]; then rm -rf /tmp/msgcap-debug; cp -r "$work" /tmp/msgcap-debug; fi  # DEBUG=1 keeps logs
  rm -rf "$work"
}
trap cleanup EXIT
ls -A /var/lib/dhcpcd 2>/dev/null | sort > "$work/dhcpcd-before"

for ns in srv cli rly cl2; do
  ip netns add $P-$ns
  ip -n $P-$ns link set lo up
  ip netns exec $P-$ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
ip link add s0 netns $P-srv type veth peer name c0 netns $P-cli
ip link add s1 netns $P-srv type veth peer name r0 netns $P-rly
ip link add r1 netns $P-rly type veth peer name c1 netns $P-cl2
ip -n $P-cli link set c0 address 52:54:00:77:00:01
ip -n $P-cl2 link set c1 address 52:54:00:78:00:01
ip -n $P-srv addr add 10.77.0.1/24 dev s0
ip -n $P-srv addr add 10.79.0.1/24 dev s1
ip -n $P-rly addr add 10.79.0.2/24 dev r0
ip -n $P-rly addr add 10.78.0.1/24 dev r1
for l in "srv s0" "srv s1" "cli c0" "rly r0" "rly r1" "cl2 c1"; do set -- $l; ip -n $P-$1 link set $2 up; done
ip -n $P-srv route add 10.78.0.0/24 via 10.79.0.2
ip netns exec $P-rly sysctl -qw net.ipv4.ip_forward=1

cat > "$work/kea.json" <<JSON
{ "Dhcp4": {
  "interfaces-config": { "interfaces": [ "s0", "s1" ], "dhcp-socket-type": "raw" },
  "lease-database": { "type": "memfile", "persist": false },
  "valid-lifetime": 3600, "renew-timer": 1800, "rebind-timer": 3150,
  "subnet4": [
    { "id": 1, "subnet": "10.77.0.0/24", "interface": "s0", "pools": [ { "pool": "10.77.0.100 - 10.77.0.150" } ],
      "option-data": [ { "name": "routers", "data": "10.77.0.1" }, { "name": "domain-name-servers", "data": "10.77.0.1" },
                       { "name": "domain-name", "data": "lab.example" },
                       { "name": "domain-search", "data": "lab.example, example.org" } ] },
    { "id": 2, "subnet": "10.78.0.0/24", "pools": [ { "pool": "10.78.0.100 - 10.78.0.150" } ],
      "option-data": [ { "name": "routers", "data": "10.78.0.1" } ] } ],
  "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "$work/kea.log" } ] } ]
} }
JSON

KEA_PIDFILE_DIR=$work KEA_LOCKFILE_DIR=$work ip netns exec $P-srv timeout 300 kea-dhcp4 -c "$work/kea.json" >"$work/kea.out" 2>&1 &
pids+=($!)
ip netns exec $P-rly timeout 300 dhcrelay -4 -d -a -id r1 -iu r0 10.79.0.1 >"$work/relay.out" 2>&1 &
pids+=($!)
sleep 2
printf '#!/bin/sh\nexit 0\n' > "$work/noop.sh"; chmod +x "$work/noop.sh"

# One capture per client run, so each packet can be named after the program that sent it.
phase() {
  local name=$1; shift
  ip netns exec $P-srv timeout 60 tcpdump -i any -w "$work/$name.pcap" --immediate-mode -U 'udp port 67 or udp port 68' 2>/dev/null &
  local tpid=$!
  sleep 1
  "$@" >>"$work/clients.out" 2>&1 || true
  sleep 1
  kill "$tpid" 2>/dev/null || true
  wait "$tpid" 2>/dev/null || true
}
# udhcpc: DISCOVER, REQUEST, then RELEASE on exit (-R).
phase udhcpc ip netns exec $P-cli timeout 20 udhcpc -i c0 -n -q -R -t 3 -T 2 -s "$work/noop.sh" -x hostname:udhcpc-lab
# dhclient: its own lease file and script, never the distribution's; then a release.
phase dhclient sh -c "ip netns exec $P-cli timeout 20 dhclient -1 -v -sf $work/noop.sh -lf $work/dhclient.leases -pf $work/dhclient.pid c0;
  ip netns exec $P-cli timeout 20 dhclient -r -sf $work/noop.sh -lf $work/dhclient.leases -pf $work/dhclient.pid c0"
# dhcpcd: one-shot, IPv4 only, foreground, no hooks, no ARP probe; state lands in /var/lib/dhcpcd (removed on exit).
phase dhcpcd ip netns exec $P-cli timeout 30 dhcpcd -4 -1 -B -c "$work/noop.sh" --noarp -h dhcpcd-lab c0
# Relayed: dhclient behind dhcrelay, which adds option 82.
phase dhcrelay ip netns exec $P-cl2 timeout 20 dhclient -1 -v -sf "$work/noop.sh" -lf "$work/dhclient2.leases" -pf "$work/dhclient2.pid" c1

python3 - "$work" "$out" <<'PY'
import os, struct, sys
work, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
types = {1: 'discover', 2: 'offer', 3: 'request', 4: 'decline', 5: 'ack', 6: 'nak', 7: 'release', 8: 'inform'}

def payloads(pcap):
    data = open(pcap, 'rb').read()
    assert struct.unpack('<I', data[:4])[0] == 0xa1b2c3d4, 'expected a little-endian microsecond pcap'
    linktype = struct.unpack('<I', data[20:24])[0]
    skip = {1: 14, 113: 16, 276: 20}[linktype]
    pos = 24
    while pos + 16 <= len(data):
        incl = struct.unpack('<I', data[pos + 8:pos + 12])[0]
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        ip = frame[skip:]
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17: continue
        udp = ip[(ip[0] & 15) * 4:]
        ulen = struct.unpack('!H', udp[4:6])[0]
        yield udp[8:ulen]

for name in ['udhcpc', 'dhclient', 'dhcpcd', 'dhcrelay']:
    pcap = os.path.join(work, name + '.pcap')
    if not os.path.exists(pcap): continue
    written = set()
    for p in payloads(pcap):
        if len(p) < 240: continue
        o, i, mtype = p[240:], 0, None
        while i + 1 < len(o) and o[i] != 255:
            if o[i] == 0: i += 1; continue
            if o[i] == 53: mtype = o[i + 2]
            i += 2 + o[i + 1]
        if mtype not in types: continue
        file = (f'{name}-{types[mtype]}' if p[0] == 1 else f'kea-{name}-{types[mtype]}') + '.bin'
        if file in written: continue  # retransmissions and the relay's second copy
        written.add(file)
        with open(os.path.join(out, file), 'wb') as f: f.write(p)
        print(file, len(p), 'bytes')
PY
