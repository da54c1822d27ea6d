#!/usr/bin/env bash
# A local three-node StaticDhcpd cluster in one command, for trying the cluster out. Everything runs inside
# network namespaces this script creates and removes: no DHCP or ARP ever touches the host's interfaces.
#
#   segment 10.77.0.0/16 (a Linux bridge in namespace sdc-br)
#     sdc-n1/n2/n3  10.77.0.11-13   three nodes, one Akka cluster, pool "guests" 10.77.100.10-250
#     sdc-c1, c3    ISC dhclient    (stays running: renews at T1, so you can watch who answers)
#     sdc-c2, c4    busybox udhcpc  (one lease, then exits)
#   PostgreSQL: a throwaway cluster in a temp dir, unix socket only, the journal all three nodes share.
#
# For each client it prints the address it got and which node answered it (the server identifier, option 54,
# from the client's own script) and, when tcpdump is installed, how many OFFERs each DISCOVER drew and from which
# nodes (captured on the bridge).
#
# Usage: sudo deploy/cluster.sh              (then keeps serving, printing client events, until Ctrl-C;
#                                             kill a node's pid to watch its clients move)
#        CLUSTER_EXIT=1 deploy/cluster.sh    (exits once the clients are served; exit code 0 = all served)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/lib/netns.sh"
. "$here/lib/cluster.sh"
lab_require_root
lab_require_tools ip dotnet dhclient udhcpc runuser

LAB_WORK=$(mktemp -d /tmp/staticdhcpd-cluster.XXXXXX)
lab_trap
lab_build "$repo" "$LAB_WORK/bin"

echo "== creating the lab: bridge sdc-br, nodes sdc-n1..n3, clients sdc-c1..c4"
lab_bridge sdc-br
cluster_namespaces sdc
clients=(c1 c2 c3 c4)
for i in 1 2 3 4; do
  lab_ns "sdc-c$i"
  lab_attach "sdc-c$i" eth0 "02:00:00:00:77:0$i"
done

pg_start
CLUSTER_LEASE=60 cluster_start sdc "$LAB_WORK/bin" 'static { provider = none }' ''

deadline=$((SECONDS + 60))
while [ "$(cluster_members_up)" -lt 3 ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
echo "== cluster: $(cluster_members_up) of 3 members Up"
[ "$(cluster_members_up)" = 3 ] || { tail -n 30 "$LAB_WORK"/nodes/n?.log; exit 1; }

echo "== clients"
lab_capture sdc-br br0
lab_dhclient sdc-c1 c1
lab_udhcpc sdc-c2 c2
lab_dhclient sdc-c3 c3
lab_udhcpc sdc-c4 c4
served=0
for c in "${clients[@]}"; do
  if line=$(lab_wait_line "$LAB_WORK/$c.events" " (BOUND|bound) " 40); then
    read -r _ event ip _ server _ <<<"$line"
    server=${server#server=}
    mac=$(ip -n "sdc-$c" -br link show eth0 | awk '{print $3}')
    client=$([ "$event" = BOUND ] && echo dhclient || echo udhcpc)
    echo "   $c $mac ($client): $ip, answered by $(cluster_node_of "$server") ($server)"
    served=$((served + 1))
  else
    echo "   $c: no lease"; tail -n 5 "$LAB_WORK/$c.log" | sed 's/^/      /'
  fi
done
cluster_offers sdc "${clients[@]}"
echo "== $served of ${#clients[@]} clients served"

if [ "${CLUSTER_EXIT:-0}" = 1 ]; then
  echo "== stopping: nodes by pid (SIGTERM, graceful leave), PostgreSQL, namespaces"
  [ "$served" = "${#clients[@]}" ]
  exit
fi

echo "== serving until Ctrl-C. Nodes: n1 pid ${CLUSTER_PIDS[0]}, n2 pid ${CLUSTER_PIDS[1]}, n3 pid ${CLUSTER_PIDS[2]}"
echo "   (kill -9 one and watch its dhclients rebind to a survivor; logs in $LAB_WORK/nodes/)"
declare -A seen=([c1]=0 [c3]=0)
while true; do
  sleep 1
  for c in c1 c3; do
    while read -r _ event ip _ server _; do
      case $event in
      BOUND|RENEW|REBIND|REBOOT) echo "   $(date +%T) $c $event $ip, answered by $(cluster_node_of "${server#server=}")" ;;
      *) echo "   $(date +%T) $c $event $ip" ;;
      esac
    done < <(tail -n +$((seen[$c] + 1)) "$LAB_WORK/$c.events")
    seen[$c]=$(wc -l <"$LAB_WORK/$c.events")
  done
done
