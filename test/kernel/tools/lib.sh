# Shell helpers for kernel-test scripts (sourced inside the VM, in the checkout).
tools="$CHECKOUT/test/kernel/tools"

# wait_file PATH [SECONDS]: poll until PATH exists, fail after SECONDS (default 20).
wait_file() {
  n=$(( ${2:-20} * 50 ))
  while [ ! -e "$1" ]; do
    n=$((n - 1)); [ "$n" -gt 0 ] || { echo "wait_file: $1 never appeared" >&2; return 1; }
    sleep 0.02
  done
}

# vt_reader OUT [LINES]: starts a tty1 reader in the background, returns once it holds tty1.
vt_reader() {
  rm -f /tmp/vt.ready
  node "$tools/vt-reader.mjs" --out "$1" --lines "${2:-1}" --ready /tmp/vt.ready &
  vt_pid=$!
  wait_file /tmp/vt.ready
}
