# The rising-rate run shared by perfdhcp-vs-kea.sh (kind dora), renewals-vs-kea.sh (renew) and static-vs-kea.sh
# (static), sourced after lab.sh: every (rate, repetition, server) step on a freshly started server, then the table,
# the summary (the worse repetition counts) and a PNG plot of rate against failed %.
#
# Expects: kind, what (the judged exchange, for messages), rates, step_s, servers, clients, repeat, all_steps,
# latency (1 = perfdhcp -x t), out, plot_copy (a second path for the PNG, or "").

# measure_step SRV RATE REP: one step; appends a row to $results, logs it, sets step_fail (the judged failed %).
measure_step() {
  local srv=$1 rate=$2 rep=$3
  local dir="$work/$srv-$rate-$rep" base="$out/$srv-$rate.r$rep"
  local logf="$base.log" f="$base.perfdhcp.txt"
  local extra=() note="" i0 i1 idle t0 t1 att done_ fail dora_att dora_done dora_fail rn_att rn_done cpu_ms per errs
  step_fail=100
  if ! "start_$srv" "$dir" "$logf"; then
    log "$srv did not start (rate $rate, repetition $rep); log: $logf"
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n' "$srv" "$rate" "$rep" "did not start" >> "$results"
    stop_server; start_failed=1; stopped[$srv]=1; return 0
  fi
  warm_up "$base"
  settle
  # The server's idle CPU (timers, cluster gossip) just before the step, as % of one core.
  i0=$(cpu_ticks "$server_pid"); sleep 2; i1=$(cpu_ticks "$server_pid")
  idle=$(awk -v d=$(( ${i1:-0} - ${i0:-0} )) -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 100 / hz / 2 }')
  [ "$kind" = renew ] && extra+=(-f "$rate")
  # -x t: every exchange's times (latency); -x l: every ACK's address (the static run checks them).
  local diags=""
  [ "$latency" = 1 ] && diags+=t
  [ "$kind" = static ] && diags+=l
  [ -n "$diags" ] && extra+=(-x "$diags")
  t0=$(cpu_ticks "$server_pid")
  run_perfdhcp "$f" "$rate" "$step_s" "$clients" "$measured_mac" "${extra[@]}"
  t1=$(cpu_ticks "$server_pid")
  dora_att=$(stat_of "$f" DISCOVER-OFFER "sent packets"); dora_att=${dora_att:-0}
  dora_done=$(stat_of "$f" REQUEST-ACK "received packets"); dora_done=${dora_done:-0}
  dora_fail=$(pct_failed "$dora_att" "$dora_done")
  rn_done=0
  if [ "$kind" = renew ]; then
    rn_att=$(stat_of "$f" "REQUEST-ACK (renewal)" "sent packets"); rn_att=${rn_att:-0}
    if [ "$latency" = 1 ]; then
      rn_done=$(answered_within "$f" "REQUEST-ACK (renewal)" "$drop_time")
    else
      rn_done=$(stat_of "$f" "REQUEST-ACK (renewal)" "received packets"); rn_done=${rn_done:-0}
      note="renewals: any reply before perfdhcp exits counts (no -x t);"
    fi
    att=$rn_att done_=$rn_done
  else
    att=$dora_att done_=$dora_done
  fi
  fail=$(pct_failed "$att" "$done_")
  [ $((w_ack * 10)) -ge $((w_att * 9)) ] || note="warm-up: $w_ack of $w_att DORAs after $w tries;"
  [ "$w" = 1 ] || [ -n "$note" ] || note="warm-up needed $w tries;"
  if [ -z "$t1" ]; then note="${note}server died during the step;"; t1=$t0; stopped[$srv]=1; start_failed=1; fi
  [ "$att" -gt 0 ] || note="${note}perfdhcp sent no $what;"
  cpu_ms=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN { printf "%.0f", d * 1000 / hz }')
  per=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v c=$((dora_done + rn_done)) \
    'BEGIN { if (c > 0) printf "%.0f", d * 1e6 / hz / c; else print "-" }')
  if [ "$kind" = static ]; then
    local wrong; wrong=$(wrong_addresses "$f")
    [ "${wrong%% *}" = 0 ] || note="${note}${wrong%% *} of ${wrong#* } ACKs not the map's address;"
    [ "${wrong#* }" -ge "$dora_done" ] || note="${note}address check saw ${wrong#* } of $dora_done ACKs;"
  fi
  errs=$(grep -E '\[(ERROR|WARNING)\]| ERROR | WARN ' "$logf" | grep -vc DHCP4_MULTI_THREADING_INFO || true)
  [ "$errs" -gt 0 ] && note="${note}${errs} warn/error log lines;"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$rate" "$rep" "$att" "$done_" "$fail" \
    "$dora_fail" "$cpu_ms" "$per" "$(latency_of "$f" DISCOVER-OFFER)" "$(latency_of "$f" REQUEST-ACK)" \
    "$( [ "$kind" = renew ] && latency_of "$f" "REQUEST-ACK (renewal)" || echo -)" "$idle" "${note%;}" >> "$results"
  log "$(printf '%-11s %5s/s #%s  %s attempted %6s  completed %6s  failed %6s %%  cpu %6s ms  %5s µs/exchange  %s' \
    "$srv" "$rate" "$rep" "$what" "$att" "$done_" "$fail" "$cpu_ms" "$per" "${note%;}")"
  [ -n "$diags" ] && gzip -f "$f"   # the per-exchange times and leases are large; keep them, compressed
  stop_server
  step_fail=$fail
}

pct_failed() { awk -v a="$1" -v c="$2" 'BEGIN { if (a > 0) printf "%.2f", 100 * (a - c) / a; else print "100.00" }'; }

run_steps() {
  results="$out/results.tsv"
  printf 'server\trate\trep\tattempted\tcompleted\tfailed_pct\tdora_failed_pct\tcpu_ms\tcpu_us_per_exchange\tdo_ms\tra_ms\trn_ms\tidle_pct_core\tnote\n' > "$results"
  declare -gA fails_in_row stopped
  start_failed=0
  log "rates: $rates/s; ${step_s}s per step after a ${warmup_s}s warm-up at ${warmup_rate}/s; $clients clients; $repeat repetitions; servers: $servers"
  log "every step starts its server on fresh state (empty journal / lease file)"
  local rate rep srv worst
  for rate in $rates; do
    declare -A worst_at=()
    for rep in $(seq 1 "$repeat"); do
      for srv in $servers; do
        [ "${stopped[$srv]:-0}" = 1 ] && continue
        measure_step "$srv" "$rate" "$rep"
        worst_at[$srv]=$(awk -v a="${worst_at[$srv]:-0}" -v b="$step_fail" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
      done
    done
    for srv in $servers; do
      [ -n "${worst_at[$srv]:-}" ] || continue
      if awk -v p="${worst_at[$srv]}" 'BEGIN { exit !(p >= 1) }'; then
        fails_in_row[$srv]=$(( ${fails_in_row[$srv]:-0} + 1 ))
        if [ "$all_steps" != 1 ] && [ "${fails_in_row[$srv]}" -ge 2 ] && [ "${stopped[$srv]:-0}" != 1 ]; then
          log "$srv failed two rates in a row: no higher rates for it"; stopped[$srv]=1
        fi
      else
        fails_in_row[$srv]=0
      fi
    done
    unset worst_at
  done
}

# report: the step table, the summary (per server the highest rate whose every repetition had < 1 % failed),
# the plot, the versions.
report() {
  local cols=1-6,8-11,13,14 lat_hdr='DO ms\tRA ms\tRN ms'   # without the renewal columns unless kind = renew
  [ "$kind" = renew ] && cols=1-14
  echo
  echo "== steps ($step_s s each, $clients clients, lease ${lease_s}s, $repeat repetitions; CPU = server utime+stime over the step;"
  echo "   latency columns: avg/median/p99/max ms of DISCOVER-OFFER, REQUEST-ACK$([ "$kind" = renew ] && echo ", renewal REQUEST-ACK"))"
  {
    printf "server\trate/s\trep\t%s attempted\tcompleted\tfailed %%\tDORA failed %%\tCPU ms\tµs/exchange\t$lat_hdr\tidle %%core\tnote\n" "$what" \
      | cut -f "$cols"
    tail -n +2 "$results" | cut -f "$cols"
  } | column -t -s $'\t'
  echo
  echo "== summary: highest rate at which every repetition had < 1 % failed $what; at that rate the worse repetition's"
  echo "   CPU per exchange, failed %, median and max latency ($([ "$kind" = renew ] && echo "renewal REQUEST-ACK" || echo "DO / RA") ms)"
  {
    printf 'server\tsustained %s/s\tCPU µs per exchange\tfailed %% there\t%smedian ms\tmax ms\tnext rate up\n' "$what" \
      "$([ "$kind" = renew ] && printf 'DORA failed %%\t')"
    for srv in $servers; do
      awk -F'\t' -v s="$srv" -v renew="$([ "$kind" = renew ] && echo 1 || echo 0)" '
        function num(x) { return (x == "-" || x == "") ? 100 : x + 0 }
        function field(l, i,   a) { split(l, a, "/"); return a[i] }
        function hi(a, b) { return (b == "-" || b == "") ? a : (a == "-" || b + 0 > a + 0) ? b : a }
        NR > 1 && $1 == s {
          r = $2 + 0; if (!(r in fail)) { order[++n] = r; fail[r] = -1; cpu[r] = "-"; dfail[r] = -1; med[r] = "-"; mx[r] = "-"; med2[r] = "-"; mx2[r] = "-" }
          if (num($6) > fail[r]) fail[r] = num($6)
          if (num($7) > dfail[r]) dfail[r] = num($7)
          cpu[r] = hi(cpu[r], $9)
          if (renew) { med[r] = hi(med[r], field($12, 2)); mx[r] = hi(mx[r], field($12, 4)) }
          else { med[r] = hi(med[r], field($10, 2)); mx[r] = hi(mx[r], field($10, 4))
                 med2[r] = hi(med2[r], field($11, 2)); mx2[r] = hi(mx2[r], field($11, 4)) }
        }
        END {
          best = -1
          for (i = 1; i <= n; i++) if (fail[order[i]] < 1 && order[i] > best) best = order[i]
          next_ = "-"
          for (i = 1; i <= n; i++) { r = order[i]; if (r > best && (next_ == "-" || r < nr)) { nr = r; next_ = r "/s: " (fail[r] >= 100 ? "100 % failed or did not start" : sprintf("%.2f %% failed", fail[r])) } }
          if (best < 0) { printf "%s\tnone\t-\t-\t%s-\t-\t%s\n", s, (renew ? "-\t" : ""), next_; exit }
          m = renew ? med[best] : med[best] " / " med2[best]; x = renew ? mx[best] : mx[best] " / " mx2[best]
          printf "%s\t%d\t%s\t%.2f\t%s%s\t%s\t%s\n", s, best, cpu[best], fail[best], (renew ? sprintf("%.2f\t", dfail[best]) : ""), m, x, next_ }' "$results"
    done
  } | tee "$out/summary.tsv" | column -t -s $'\t'
  echo
  plot
  cat "$out/version.txt" 2>/dev/null || true
  head -n 1 "$out/kea-version.txt" 2>/dev/null | sed 's/^/kea-dhcp4 /' || true
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); logs and perfdhcp reports: $out"
}

# plot: rate against failed % (each repetition a point, the worse one joined by a line) with gnuplot, as
# $out/results-$kind.png (and $plot_copy). Skipped with a message when gnuplot is missing.
plot() {
  local png="$out/results-$kind.png" srv plots=() i=0
  command -v gnuplot >/dev/null || { echo "(no plot: gnuplot is missing; apt-get install -y gnuplot-nox)"; return 0; }
  for srv in $servers; do
    awk -F'\t' -v s="$srv" 'NR > 1 && $1 == s && $6 != "-" { print $2, $6 }' "$results" > "$out/plot-$srv-steps.dat"
    awk '{ if (!($1 in w) || $2 + 0 > w[$1]) w[$1] = $2 + 0 } END { for (r in w) print r, w[r] }' \
      "$out/plot-$srv-steps.dat" | sort -n > "$out/plot-$srv-worse.dat"
    [ -s "$out/plot-$srv-steps.dat" ] || continue
    i=$((i + 1))
    plots+=("'$out/plot-$srv-worse.dat' using 1:2 with linespoints lw 2 pt 7 lc $i title '$srv (worse of $repeat)'")
    plots+=("'$out/plot-$srv-steps.dat' using 1:2 with points pt 6 ps 1.5 lc $i notitle")
  done
  [ ${#plots[@]} -gt 0 ] || { echo "(no plot: no step measured)"; return 0; }
  local joined; joined=$(IFS=,; echo "${plots[*]}")
  gnuplot <<EOF 2> "$out/gnuplot.log" || { echo "(plot failed: $out/gnuplot.log)"; return 0; }
set terminal pngcairo size 960,600 font "DejaVu Sans,11"
set output '$png'
set title "$(date +%F) $title: failed % by offered rate ($step_s s steps, $clients clients, fresh state per step)"
set xlabel "offered rate ($what/s, log scale)"
set ylabel "failed $what (%)"
set logscale x
set yrange [0:5<*]   # at least 0–5 %, so the 1 % line sits low when nothing fails
set grid
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb "gray40"
plot $joined
EOF
  echo "plot: $png"
  if [ -n "$plot_copy" ]; then cp "$png" "$plot_copy" && echo "plot copied to $plot_copy"; fi
}

# bench_main: the whole run, once the script has set kind, what, title, default_rates and quick_rates.
bench_main() {
  [ "$(id -u)" = 0 ] || { echo "$(basename "$0") needs root (network namespaces)" >&2; exit 1; }
  local tool
  for tool in ip dotnet perfdhcp kea-dhcp4 ss timeout awk gzip $([ "$kind" = static ] && echo sqlite3); do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install iproute2 kea-dhcp4-server kea-admin sqlite3; .NET SDK)" >&2; exit 1; }
  done
  quick=${BENCH_QUICK:-0}
  if [ "$quick" = 1 ]; then
    rates=${BENCH_RATES:-$quick_rates}; step_s=${BENCH_STEP_SECONDS:-5}
  else
    rates=${BENCH_RATES:-$default_rates}; step_s=${BENCH_STEP_SECONDS:-12}
  fi
  servers=${BENCH_SERVERS:-"staticdhcpd kea"}
  clients=${BENCH_CLIENTS:-50000}
  drop_time=${BENCH_DROP_TIME:-1}
  all_steps=${BENCH_ALL_STEPS:-0}
  repeat=${BENCH_REPEAT:-2}
  latency=${BENCH_LATENCY:-1}
  lease_s=3600
  out=${BENCH_OUT:-/tmp/sdb-bench-$kind-$(date +%Y%m%d-%H%M%S)}
  # A full run's plot also goes beside results.md; a smoke run's stays in $out.
  if [ "$quick" = 1 ]; then plot_copy=${BENCH_PLOT_COPY:-}; else plot_copy=${BENCH_PLOT_COPY-$repo/bench/results-$kind.png}; fi
  mkdir -p "$out"
  work=""
  lab_up
  work=$(mktemp -d /tmp/sdb-work.XXXXXX)
  build_servers
  if [ "$kind" = static ]; then
    make_static_data "$work" "$clients"
    log "static data: $clients + 1024 (warm-up) maps in $static_db, the same as Kea host reservations"
  fi
  run_steps
  report
  if [ "$start_failed" = 1 ]; then echo "a server did not start or died during a step" >&2; exit 2; fi
  exit 0
}
