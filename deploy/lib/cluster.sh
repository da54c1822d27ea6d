# Shared by deploy/cluster.sh and `deploy/demo.sh --cluster` (sourced after lib/netns.sh): three StaticDhcpd
# nodes in their own namespaces on the lab's segment, one shared PostgreSQL journal for them, and each node's
# configuration file written with the standard keys a multi-node cluster needs.
#
#   segment 10.77.0.0/16 (the pool "guests" hands out 10.77.100.10-250)
#     PREFIX-n1  eth0 10.77.0.11   node n1   akka.tcp://staticdhcpd@10.77.0.11:4053
#     PREFIX-n2  eth0 10.77.0.12   node n2   akka.tcp://staticdhcpd@10.77.0.12:4053
#     PREFIX-n3  eth0 10.77.0.13   node n3   akka.tcp://staticdhcpd@10.77.0.13:4053
#   PostgreSQL: a throwaway cluster in a temp dir, unix socket only (namespaces share the filesystem, so every
#   node reaches it by its socket directory without any network).

CLUSTER_NODES=(n1 n2 n3)   # a caller may set fewer (bench/cluster-vs-one.sh runs n1 alone), before cluster_namespaces
CLUSTER_ADDRS=(10.77.0.11 10.77.0.12 10.77.0.13)
CLUSTER_POOLS=""   # the pools list's entries in HOCON; "" = the pool "guests" below
CLUSTER_PORT=4053
CLUSTER_PIDS=()
PG_DIR=""
PG_PORT=55432   # names the socket file only (listen_addresses = ''): no TCP port is opened
PG_BIN=""

# pg_start — initdb + pg_ctl start as the postgres user in a fresh temp dir; creates database staticdhcpd.
pg_start() {
  local initdb
  initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [ -n "$initdb" ] || initdb=$(command -v initdb) \
    || { echo "missing PostgreSQL server binaries: apt-get install -y postgresql"; exit 1; }
  PG_BIN=$(dirname "$initdb")
  PG_DIR=$(mktemp -d /tmp/staticdhcpd-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  LAB_CLEANUP_HOOKS+=(pg_stop)
  echo "== starting PostgreSQL ($PG_BIN) in $PG_DIR, unix socket only"
  (cd /tmp && runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync) \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; exit 1; }
  # fsync off: a throwaway journal for a demonstration; a process crash loses nothing either way.
  (cd /tmp && runuser -u postgres -- "$PG_BIN/pg_ctl" start -D "$PG_DIR/data" -w -t 30 -l "$PG_DIR/server.log" \
    -o "-p $PG_PORT -c unix_socket_directories='$PG_DIR' -c listen_addresses='' -c fsync=off") >/dev/null \
    || { cat "$PG_DIR/server.log"; exit 1; }
  (cd /tmp && runuser -u postgres -- "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" staticdhcpd)
}

# pg_fresh_database — an empty database staticdhcpd (drops the old one; the nodes must be stopped).
pg_fresh_database() {
  (cd /tmp && runuser -u postgres -- "$PG_BIN/dropdb" -h "$PG_DIR" -p "$PG_PORT" --if-exists --force staticdhcpd &&
    runuser -u postgres -- "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" staticdhcpd)
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  [ -f "$PG_DIR/data/postmaster.pid" ] &&
    (cd /tmp && runuser -u postgres -- "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m fast -w -t 30 >/dev/null)
  rm -rf "$PG_DIR"
}

pg_connection_string() {
  echo "Host=$PG_DIR;Port=$PG_PORT;Username=postgres;Database=staticdhcpd"
}

# cluster_namespaces PREFIX — the nodes' namespaces (PREFIX-n1 …) on the segment (lab_bridge first).
cluster_namespaces() {
  local i
  for i in "${!CLUSTER_NODES[@]}"; do
    lab_ns "$1-${CLUSTER_NODES[$i]}"
    lab_attach "$1-${CLUSTER_NODES[$i]}" eth0 "" "${CLUSTER_ADDRS[$i]}/16"
  done
}

# cluster_config I STATIC_HOCON EXTRA_HOCON — writes node I's (0-based) file, $LAB_WORK/nodes/nI.conf, and prints
# its path. Only what differs from the embedded HOCON.conf: the keys below are the whole recipe for N nodes.
cluster_config() {
  local i=$1 name=${CLUSTER_NODES[$1]} addr=${CLUSTER_ADDRS[$1]} seeds="" a guests
  guests="{
      name = \"guests\", subnet = \"10.77.0.0/16\", ranges = [\"10.77.100.10-10.77.100.250\"], lease-time = ${CLUSTER_LEASE:-60}s
      dns-servers = [\"10.77.0.53\"], domain-name = \"guests.example\", hostname-prefix = \"guest\"
    }"
  for a in "${CLUSTER_ADDRS[@]}"; do seeds+="${seeds:+, }\"akka.tcp://staticdhcpd@$a:$CLUSTER_PORT\""; done
  mkdir -p "$LAB_WORK/nodes/$name"
  cat >"$LAB_WORK/nodes/$name.conf" <<EOF
# node $name: every node has its own file; they differ only in the two addresses.
staticdhcpd {
  data-dir = "$LAB_WORK/nodes/$name"
  dhcp {
    interfaces = ["eth0"]
    server-ip = "$addr"                       # this node's server identifier (option 54)
  }
  $2
  pools = [
    ${CLUSTER_POOLS:-$guests}
  ]
  persistence {                               # one journal shared by all nodes
    provider = postgresql
    connection-string = "$(pg_connection_string)"
  }
  $3
}
akka {
  remote.dot-netty.tcp { hostname = "$addr", port = $CLUSTER_PORT }
  cluster.seed-nodes = [$seeds]
}
EOF
  echo "$LAB_WORK/nodes/$name.conf"
}

# cluster_start PREFIX BIN STATIC_HOCON EXTRA_HOCON — writes the nodes' files, checks them, starts the nodes
# (pids in CLUSTER_PIDS, logs in $LAB_WORK/nodes/NAME.log) and waits (bounded) until each serves DHCP; returns 1
# (with the log's end) when one does not.
cluster_start() {
  local prefix=$1 bin=$2 i conf name t0=$SECONDS
  CLUSTER_PIDS=()
  for i in "${!CLUSTER_NODES[@]}"; do
    conf=$(cluster_config "$i" "$3" "$4")
    dotnet "$bin/staticdhcpd.dll" check --config "$conf" >/dev/null || { dotnet "$bin/staticdhcpd.dll" check --config "$conf"; return 1; }
  done
  echo "== starting nodes ${CLUSTER_NODES[*]} (${CLUSTER_ADDRS[*]}), each with its own file in $LAB_WORK/nodes/"
  for i in "${!CLUSTER_NODES[@]}"; do
    name=${CLUSTER_NODES[$i]}
    lab_start "$prefix-$name" "$LAB_WORK/nodes/$name.log" dotnet "$bin/staticdhcpd.dll" run --config "$LAB_WORK/nodes/$name.conf"
    CLUSTER_PIDS+=("$LAB_PID")
  done
  for i in "${!CLUSTER_NODES[@]}"; do
    name=${CLUSTER_NODES[$i]}
    if ! lab_wait_line "$LAB_WORK/nodes/$name.log" "serving DHCP on eth0" 120 "${CLUSTER_PIDS[$i]}" >/dev/null; then
      echo "node $name did not start:"; tail -n 40 "$LAB_WORK/nodes/$name.log"; return 1
    fi
    echo "   $name (pid ${CLUSTER_PIDS[$i]}): $(grep -m1 -oE 'pool [^ ]+ ready.*' "$LAB_WORK/nodes/$name.log"), serving DHCP on eth0"
  done
  echo "   all ${#CLUSTER_NODES[@]} serving after $((SECONDS - t0)) s"
}

# cluster_members_up — how many members the cluster leader has moved to Up, as its log says (0-3).
cluster_members_up() {
  cat "$LAB_WORK"/nodes/n?.log | grep -oE "Leader is moving node \[akka\.tcp://staticdhcpd@[0-9.]+:$CLUSTER_PORT\] to \[Up\]" \
    | sort -u | wc -l
}

# cluster_node_of ADDRESS — the node name whose server identifier ADDRESS is.
cluster_node_of() {
  local i
  for i in "${!CLUSTER_NODES[@]}"; do [ "${CLUSTER_ADDRS[$i]}" = "$1" ] && { echo "${CLUSTER_NODES[$i]}"; return; }; done
  echo "unknown server $1"
}

# cluster_offers PREFIX CLIENT... — per client namespace PREFIX-CLIENT: how many OFFERs its DISCOVERs drew and from
# which nodes, from the bridge capture (lab_capture); nothing when tcpdump is not installed.
cluster_offers() {
  local prefix=$1 c offers i
  shift
  [ -f "$LAB_WORK/capture.txt" ] || return 0
  echo "== on the wire (tcpdump on the bridge): OFFERs per client"
  for c in "$@"; do
    offers=$(lab_offers "$(ip -n "$prefix-$c" -br link show eth0 | awk '{print $3}')")
    for i in "${!CLUSTER_NODES[@]}"; do offers=${offers//${CLUSTER_ADDRS[$i]}/${CLUSTER_NODES[$i]}}; done
    echo "   $c: $offers"
  done
}
