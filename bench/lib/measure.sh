# Shared by bench/perfdhcp-vs-kea.sh and bench/cluster-vs-one.sh (sourced, not run): CPU time of a process from
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
