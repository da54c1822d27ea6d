# Shared by the bench scripts (sourced, not run): CPU time of a process from
# /proc and numbers from perfdhcp's final report.

# cpu_ticks PID: utime + stime of the whole process (all threads, dead ones included), in clock ticks; the fields
# after comm. Empty when the process is gone.
cpu_ticks() {
  local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo ""; return; }
  s=${s##*) }; awk '{ print $12 + $13 }' <<<"$s"
}

# stat_of FILE BLOCK FIELD: a number from perfdhcp's final report, e.g. stat_of f DISCOVER-OFFER "sent packets"
stat_of() {
  awk -v blk="***Statistics for: $2***" -v key="$3:" '
    index($0, "***Statistics for:") { inblk = (index($0, blk) > 0) }
    inblk && index($0, key) == 1 { sub(key, ""); gsub(/[^0-9.]/, ""); print; exit }' "$1"
}

# latency_of FILE EXCHANGE: "avg/median/p99/max" delay in ms of EXCHANGE (DISCOVER-OFFER, REQUEST-ACK,
# "REQUEST-ACK (renewal)"). The median and p99 come from the sent/received times of every completed exchange
# that perfdhcp -x t prints at the end (relative to its start, HHMMSS.ffffff); without them, "avg/-/-/max" from
# the final report.
latency_of() {
  local avg max pct
  avg=$(stat_of "$1" "$2" "avg delay"); max=$(stat_of "$1" "$2" "max delay")
  pct=$(delays_of "$1" "$2" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-/-"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        p = v[int(NR * 0.99 + 0.999999)]; printf "%.3f/%.3f\n", m, p }')
  printf '%s/%s/%s\n' "${avg:--}" "$pct" "${max:--}"
}

# delays_of FILE EXCHANGE: one line per completed exchange, its delay in ms, from perfdhcp -x t's times.
delays_of() {
  awk -v hdr="***Timestamps for packets: $2***" '
    index($0, "***Timestamps for packets:") == 1 { inblk = ($0 == hdr); next }
    inblk && /^sent \/ received: / { d = secs($6) - secs($4); printf "%.6f\n", (d > 0 ? d : 0) * 1000 }
    function secs(t) { sub(",", ".", t); return substr(t, 1, 2) * 3600 + substr(t, 3, 2) * 60 + substr(t, 5) }' "$1"
}

# answered_within FILE EXCHANGE SECONDS: how many exchanges completed within SECONDS (perfdhcp -x t's times).
# perfdhcp gives renewals no drop time (a reply counts whenever it arrives before perfdhcp exits), so the renewal
# run counts them with this, under the same limit as DORAs.
answered_within() {
  delays_of "$1" "$2" | awk -v lim="$3" 'BEGIN { n = 0 } $1 <= lim * 1000 { n++ } END { print n }'
}
