# The static clients of static-vs-kea.sh (sourced, not run): the same MACs and addresses as a staticDHCPd SQLite
# database (deploy/schema/sqlite.sql, plain INSERTs) and as Kea host reservations (a JSON array).
#
# perfdhcp -R N -b mac=B takes client numbers r = 0, 1, 2, … (in order, wrapping at N) and adds r's bytes to B's
# octets from the last one, without carry. So with B = 00:0c:01:00:00:00 the measured clients are exactly
# 00:0c:01:00:HH:LL, r = 0xHHLL; client r gets 10.80.0.10 + r. The warm-up's bases 02:bb:00:00:00:0w (w = 1..3)
# with 1,000 clients cover 02:bb:00:00:0H:LL, H = 0..3: all 1,024 are mapped too (10.80.240.0 + 0xHLL), so the
# warm-up takes the static path.

# make_static_data DIR N: writes DIR/static.db and DIR/reservations.json; sets static_db and kea_reservations.
make_static_data() {
  local dir=$1 n=$2
  static_db=$dir/static.db kea_reservations=$dir/reservations.json
  # Client numbers must stay below the warm-up's addresses (10.80.0.10 + N - 1 < 10.80.240.0).
  [ "$n" -le 61430 ] || { echo "at most 61,430 static clients fit the lab's addresses" >&2; exit 1; }
  rm -f "$static_db"
  {
    cat "$repo/deploy/schema/sqlite.sql"
    cat <<EOF
BEGIN;
INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask, broadcast_address)
  VALUES ('$subnet', 0, $lease_s, '$srv_ip', '255.255.0.0', '10.80.255.255');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $n - 1)
INSERT INTO maps (mac, ip, hostname, subnet, serial)
  SELECT printf('00:0c:01:00:%02x:%02x', i / 256, i % 256), printf('10.80.%d.%d', (i + 10) / 256, (i + 10) % 256),
         NULL, '$subnet', 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1023)
INSERT INTO maps (mac, ip, hostname, subnet, serial)
  SELECT printf('02:bb:00:00:%02x:%02x', i / 256, i % 256), printf('10.80.%d.%d', 240 + i / 256, i % 256),
         NULL, '$subnet', 0 FROM n;
COMMIT;
EOF
  } | sqlite3 "$static_db"
  sqlite3 -separator ' ' "$static_db" "SELECT mac, ip FROM maps ORDER BY rowid" | awk '
    BEGIN { printf "[" }
    { printf "%s\n  { \"hw-address\": \"%s\", \"ip-address\": \"%s\" }", (NR > 1 ? "," : ""), $1, $2 }
    END { print " ]" }' > "$kea_reservations"
  local rows; rows=$(sqlite3 "$static_db" "SELECT count(*) FROM maps")
  [ "$rows" = $((n + 1024)) ] || { echo "static.db has $rows maps, expected $((n + 1024))" >&2; exit 1; }
}

# wrong_addresses FILE: of the ACKs in perfdhcp -x l's lease list ("client_id,address,prefix", client id = 01 + MAC),
# how many carry another address than the measured client's map (00:0c:01:00:HH:LL → 10.80.0.10 + 0xHHLL);
# prints "wrong checked".
wrong_addresses() {
  awk -F, '
    index($0, "***Leases for ") == 1 { inblk = ($0 == "***Leases for REQUEST-ACK***"); next }
    inblk && NF >= 2 && $1 != "client_id" {
      id = tolower($1); gsub(/[^0-9a-f]/, "", id); mac = substr(id, length(id) - 11)
      if (substr(mac, 1, 8) != "000c0100") next
      r = 0; for (i = 9; i <= 12; i++) r = r * 16 + index("0123456789abcdef", substr(mac, i, 1)) - 1
      n++; want = sprintf("10.80.%d.%d", int((r + 10) / 256), (r + 10) % 256)
      if ($2 != want) bad++ }
    END { printf "%d %d\n", bad, n }' "$1"
}
