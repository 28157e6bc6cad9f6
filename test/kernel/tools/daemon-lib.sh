# Shell helpers for scenarios that run the real daemon (`autocorrector run`) in
# the test VM. Sourced after lib.sh; $OUT is the scenario's results dir.

# start_daemon KEYBOARD [ARGS...]: runs the daemon on that one keyboard (by
# name), stderr to $OUT/daemon.log; returns once it printed its ready line.
# Its config is empty unless $AC_CONFIG_TOML is set. $AC_BIN, when set, is
# the `autocorrector` to run (an installed package's bin) instead of the checkout's.
start_daemon() {
  kb_name="$1"; shift
  home=$(mktemp -d) # empty config; own socket and state dirs (the host root is read-only)
  mkdir -m 700 "$home/config" "$home/run" "$home/state"
  # AC_CONFIG_TOML: the text of the daemon's config.toml (e.g. layout = "de").
  if [ -n "${AC_CONFIG_TOML:-}" ]; then printf '%s\n' "$AC_CONFIG_TOML" > "$home/config/config.toml"; fi
  set -- run --allow-root --device "$kb_name" --config-dir "$home/config" --verbose "$@"
  if [ -n "${AC_BIN:-}" ]; then set -- "$AC_BIN" "$@"; else set -- node "$CHECKOUT/dist/src/cli/main.js" "$@"; fi
  AUTOCORRECTOR_TEST_HOOKS=1 XDG_RUNTIME_DIR="$home/run" XDG_STATE_HOME="$home/state" "$@" 2> "$OUT/daemon.log" &
  daemon_pid=$!
  echo "$daemon_pid" > "$OUT/daemon.pid"
  wait_log "ready in" 30
}

# wait_log TEXT [SECONDS] [COUNT]: until daemon.log ($DAEMON_LOG if set) has COUNT (default 1)
# lines with TEXT.
wait_log() {
  n=$(( ${2:-20} * 50 ))
  while [ "$(grep -c -F -- "$1" "${DAEMON_LOG:-$OUT/daemon.log}" 2>/dev/null || true)" -lt "${3:-1}" ]; do
    n=$((n - 1))
    if [ "$n" -le 0 ] || ! kill -0 "$daemon_pid" 2>/dev/null; then
      echo "wait_log: no '$1' (x${3:-1}) in daemon.log" >&2; cat "${DAEMON_LOG:-$OUT/daemon.log}" >&2; return 1
    fi
    sleep 0.02
  done
}

# stop_daemon [SIGNAL]: signals the daemon, waits for it; exit status to $OUT/daemon.exit,
# how long it took to $OUT/stop-ms, and whether the virtual keyboard is still listed to $OUT/vkbd-after.
stop_daemon() {
  t0=$(date +%s%3N)
  kill "-${1:-TERM}" "$daemon_pid"
  # A daemon that does not exit is a failure to see, not a hung boot.
  ( sleep 10; kill -9 "$daemon_pid" 2>/dev/null ) &
  watchdog=$!
  code=0
  wait "$daemon_pid" || code=$?
  kill "$watchdog" 2>/dev/null || true
  echo "$code" > "$OUT/daemon.exit"
  echo $(( $(date +%s%3N) - t0 )) > "$OUT/stop-ms"
  grep -c -F 'N: Name="autocorrector virtual keyboard"' /proc/bus/input/devices > "$OUT/vkbd-after" || true
}
