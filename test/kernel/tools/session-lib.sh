# Shell helpers for a real desktop session in the test VM: udevd, then sway on
# Wayland (seatd, headless output, libinput input) or Xorg (dummy video,
# libinput input), a session bus, GTK clients and the daemon, all but udevd,
# seatd and Xorg running as an ordinary user. Sourced after lib.sh and
# daemon-lib.sh. One session per boot: what later scenarios need is in
# $SESSION/state.sh (each scenario runs in a subshell of its own).

SESSION=/tmp/session           # the user's home and the session's files (0755: root reads them)
SESSION_UID=65534              # nobody: sway refuses root, and the daemon should not be root
SESSION_RUN=/run/user/$SESSION_UID
CLIENTS=$SESSION/clients         # the clients' files: the user writes them
# What the user runs from the checkout: a clone in a 0700 home is out of its reach,
# the VM mounts it a second time where every user can (issue 21).
USER_CHECKOUT="${PUBLIC_CHECKOUT:-$CHECKOUT}"
USER_TOOLS="$USER_CHECKOUT/test/kernel/tools"

# as_user CMD...: becomes CMD as the session user (exec: call it in the background,
# `as_user ... &`, so that $! is CMD's own pid, or in a subshell), with a session's
# environment only (plus $USER_ENV, e.g. the display, and $USER_GROUPS for setpriv).
as_user() {
  # shellcheck disable=SC2086 # USER_ENV is a list of NAME=value words
  exec setpriv --reuid="$SESSION_UID" --regid="$SESSION_UID" ${USER_GROUPS:---clear-groups} \
    env -i PATH="$PATH" HOME="$SESSION/home" XDG_RUNTIME_DIR="$SESSION_RUN" \
    XDG_CONFIG_HOME="$SESSION/home/.config" XDG_STATE_HOME="$SESSION/home/.local/state" \
    DBUS_SESSION_BUS_ADDRESS="unix:path=$SESSION_RUN/bus" LANG=C.UTF-8 $USER_ENV "$@"
}

# wait_grep FILE TEXT [SECONDS]: until FILE has a line with TEXT.
wait_grep() {
  n=$(( ${3:-20} * 20 ))
  until grep -q -F -- "$2" "$1" 2>/dev/null; do
    n=$((n - 1)); [ "$n" -gt 0 ] || { echo "wait_grep: no '$2' in $1 after ${3:-20} s" >&2; return 1; }
    sleep 0.05
  done
}

# ms: milliseconds since boot (for the timings the test prints).
ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }
mark() { echo "$1 $(ms)" >> "$SESSION/timings"; }

# session_devices: udevd tags the input devices (libinput takes no others) and
# applies the rule `autocorrector setup` installs (group autocorrector on /dev/uinput).
session_devices() {
  # setup creates the group autocorrector; /etc is read-only here, so a copy of
  # /etc/group with it is bound over the original before udevd reads its rules.
  if ! getent group autocorrector >/dev/null; then
    cp /etc/group /run/session-group
    echo "autocorrector:x:4242:" >> /run/session-group
    mount --bind /run/session-group /etc/group
  fi
  mkdir -p "$SESSION/home/.config/autocorrector" "$SESSION/home/.local/state" "$SESSION_RUN" "$CLIENTS" /run/udev/rules.d
  chmod 755 "$SESSION"
  chown -R "$SESSION_UID:$SESSION_UID" "$SESSION/home" "$SESSION_RUN" "$CLIENTS"
  chmod 700 "$SESSION_RUN"
  mark start
  trap 'cp "$SESSION/timings" "$OUT/timings"; session_log_out' EXIT
  # /etc is read-only here; /run/udev/rules.d is where udev also looks.
  node --input-type=module -e "process.stdout.write((await import('$CHECKOUT/dist/src/setup/setup.js')).UDEV_RULE)" \
    > /run/udev/rules.d/70-autocorrector-uinput.rules
  /lib/systemd/systemd-udevd --daemon
  # udevadm does nothing in a chroot (this VM's script runs in one) unless told to.
  SYSTEMD_IGNORE_CHROOT=1 udevadm trigger --action=add --subsystem-match=input --subsystem-match=misc
  SYSTEMD_IGNORE_CHROOT=1 udevadm settle --timeout=60
  mark udev
  # The access setup gives: the user in groups input (/dev/input/event*) and autocorrector (/dev/uinput).
  input_gid=$(getent group input | cut -d: -f3)
  uinput_gid=$(getent group autocorrector | cut -d: -f3)
  stat -c '%n %G %a' /dev/uinput /dev/input/event* > "$OUT/device-modes.txt"
  { echo "SESSION_INPUT_GID=$input_gid"; echo "SESSION_UINPUT_GID=$uinput_gid"; } >> "$SESSION/state.sh"
}

# session_wayland LAYOUT: seatd, then sway as the user on a headless output with libinput
# reading the keyboards; LAYOUT is the xkb layout sway gives every keyboard.
session_wayland() {
  seatd -u "$(id -nu "$SESSION_UID")" -g "$(id -ng "$SESSION_UID")" > "$OUT/seatd.log" 2>&1 &
  echo "seatd_pid=$!" >> "$SESSION/state.sh"
  wait_file /run/seatd.sock 20
  cat > "$SESSION/sway.conf" <<EOF
input type:keyboard xkb_layout $1
default_border none
EOF
  chmod 644 "$SESSION/sway.conf"
  USER_ENV="WLR_BACKENDS=headless,libinput WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman LIBSEAT_BACKEND=seatd" \
    as_user sway -d -c "$SESSION/sway.conf" > "$OUT/compositor.log" 2>&1 &
  echo "compositor_pid=$!" >> "$SESSION/state.sh"
  wait_file "$SESSION_RUN/wayland-1" 60
  mark compositor
  {
    echo "SESSION_KIND=wayland"
    echo "COMPOSITOR_LOG=$OUT/compositor.log"
    echo "USER_ENV='WAYLAND_DISPLAY=wayland-1 GDK_BACKEND=wayland'"
  } >> "$SESSION/state.sh"
}

# session_x11 LAYOUT: Xorg (as root, as a display manager starts it) with the dummy video
# driver and libinput for input, every keyboard on LAYOUT; no window manager.
session_x11() {
  cat > "$SESSION/xorg.conf" <<EOF
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 16384
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Modes "1024x768"
  EndSubSection
EndSection
Section "InputClass"
  Identifier "keyboards"
  MatchIsKeyboard "on"
  Driver "libinput"
  Option "XkbLayout" "$1"
EndSection
EOF
  Xorg :1 -config "$SESSION/xorg.conf" -logfile "$OUT/compositor.log" -noreset -nolisten tcp -novtswitch vt2 \
    > "$OUT/xorg.stderr" 2>&1 &
  echo "compositor_pid=$!" >> "$SESSION/state.sh"
  wait_file /tmp/.X11-unix/X1 60
  mark compositor
  {
    echo "SESSION_KIND=x11"
    echo "COMPOSITOR_LOG=$OUT/compositor.log"
    echo "USER_ENV='DISPLAY=:1 GDK_BACKEND=x11'"
  } >> "$SESSION/state.sh"
}

# session_bus: the user's session bus (GTK turns accessibility on through it, as on a desktop).
session_bus() {
  . "$SESSION/state.sh"
  as_user dbus-daemon --session --address="unix:path=$SESSION_RUN/bus" --nofork --nopidfile > "$OUT/bus.log" 2>&1 &
  echo "bus_pid=$!" >> "$SESSION/state.sh"
  wait_file "$SESSION_RUN/bus" 20
}

# session_daemon [CONFIG_TOML]: `autocorrector run` (grab mode) as the session user with the
# access setup gives (groups input and autocorrector), serving the keyboard "ac desktop kbd"; returns once the
# compositor has added the daemon's virtual keyboard. session_daemon_start and
# session_daemon_wait are its halves, to start other things meanwhile.
session_daemon() {
  session_daemon_start "$@"
  session_daemon_wait
}

session_daemon_start() {
  . "$SESSION/state.sh"
  printf '%s\n' "${1:-}" > "$SESSION/home/.config/autocorrector/config.toml"
  chown "$SESSION_UID:$SESSION_UID" "$SESSION/home/.config/autocorrector/config.toml"
  echo $(( $(cat "$SESSION/daemon.n" 2>/dev/null || echo 0) + 1 )) > "$SESSION/daemon.n"
  # The log goes to the VM's tmpfs, and to $OUT at each scenario's end (session_log_out):
  # $OUT is a 9p share, where each line's write would cost the daemon's key path
  # milliseconds under the emulator (a user's journal is a pipe).
  DAEMON_LOG="$SESSION/daemon-$(cat "$SESSION/daemon.n").log"
  USER_ENV= USER_GROUPS="--groups=$SESSION_INPUT_GID,$SESSION_UINPUT_GID" \
    as_user node "$USER_CHECKOUT/dist/src/cli/main.js" run --device 'ac desktop kbd' --verbose \
    2> "$DAEMON_LOG" &
  daemon_pid=$!
  DAEMON_OUT=$OUT
  echo "daemon_pid=$daemon_pid; DAEMON_OUT=$OUT; DAEMON_LOG=$DAEMON_LOG" >> "$SESSION/state.sh"
}

# session_log_out: the running daemon's log so far, to the $OUT of the scenario that started it.
session_log_out() {
  if [ -n "${DAEMON_LOG:-}" ]; then cp "$DAEMON_LOG" "$DAEMON_OUT/daemon.log"; fi
}

session_daemon_wait() {
  wait_log "ready in" 120
  mark daemon-ready
  # Only the newest virtual keyboard counts: the compositor logs each one it adds.
  wait_vkbd_added "$(cat "$SESSION/daemon.n")"
  mark vkbd-added
}

wait_vkbd_added() {
  if [ "$SESSION_KIND" = wayland ]; then pat="adding device: '"; else pat='Adding extended input device "autocorrector virtual keyboard"'; fi
  n=$(( 180 * 20 ))
  until [ "$(grep -F -- "$pat" "$COMPOSITOR_LOG" | grep -c -E 'autocorrector[ _]virtual[ _]keyboard')" -ge "$1" ]; do
    n=$((n - 1)); [ "$n" -gt 0 ] || { echo "the compositor never added virtual keyboard #$1" >&2; return 1; }
    sleep 0.05
  done
}

# session_keyboard: the test's keyboard ("ac desktop kbd", tools/keyboard-server.mjs) for the
# whole session; waits until the daemon grabbed it.
session_keyboard() {
  mkdir -p "$SESSION/kb"
  node "$tools/keyboard-server.mjs" --name 'ac desktop kbd' --dir "$SESSION/kb" --ready "$SESSION/kb.ready" > "$OUT/keyboard.log" 2>&1 &
  echo "kb_pid=$!" >> "$SESSION/state.sh"
  wait_file "$SESSION/kb.ready" 60
  wait_log 'device grabbed: ac desktop kbd' 60
  mark keyboard-grabbed
}

# kb_play FILE: types the key events in FILE (JSON, test/support/keys.ts output); returns once typed.
kb_play() {
  kb_n=$(( $(cat "$SESSION/kb.n" 2>/dev/null || echo 0) + 1 ))
  echo "$kb_n" > "$SESSION/kb.n"
  cp "$1" "$SESSION/kb/$kb_n.tmp"
  mv "$SESSION/kb/$kb_n.tmp" "$SESSION/kb/$kb_n.json"
  wait_file "$SESSION/kb/$kb_n.done" 120
}

# start_client NAME [WIDGET] [ARGS...]: starts a GTK 3 client (tools/gtk-text-client.py;
# WIDGET textview (default), entry or password) as the user; its text is in
# $CLIENTS/NAME.txt, the keys it received in $CLIENTS/NAME.keys. wait_client NAME returns
# once its window is drawn; then focus_probe.
start_client() {
  . "$SESSION/state.sh"
  name=$1; widget=${2:-textview}; shift; [ $# -gt 0 ] && shift
  as_user /usr/bin/python3 "$USER_TOOLS/gtk-text-client.py" --widget "$widget" --title "$name" \
    --out "$CLIENTS/$name.txt" --keys "$CLIENTS/$name.keys" --ready "$CLIENTS/$name.ready" "$@" \
    > "$OUT/client-$name.log" 2>&1 &
  echo "client_${name}_pid=$!" >> "$SESSION/state.sh"
}

wait_client() {
  wait_file "$CLIENTS/$1.ready" 180
  mark "client-$1-drawn"
}

# client_text NAME: what the client shows now.
client_text() { cat "$CLIENTS/$1.txt"; }

# client_clear NAME: empties the client's widget.
client_clear() {
  . "$SESSION/state.sh"
  eval "kill -USR1 \$client_${1}_pid"
  n=400
  while [ -s "$CLIENTS/$1.txt" ]; do
    n=$((n - 1))
    [ "$n" -gt 0 ] || { echo "client $1 never cleared" >&2; cp "$CLIENTS/$1.txt" "$OUT/$1-uncleared.txt"; return 1; }
    sleep 0.05
  done
  : > "$CLIENTS/$1.keys"
}

# wait_settled NAME [SECONDS]: until the client's text has not changed for SECONDS (default 2):
# the compositor and the client are done with what was typed.
wait_settled() {
  last=; same=0; n=1200
  while [ "$same" -lt $(( ${2:-2} * 10 )) ]; do
    now=$(cksum < "$CLIENTS/$1.txt")
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
    n=$((n - 1)); [ "$n" -gt 0 ] || { echo "client $1 never settled" >&2; return 1; }
    sleep 0.1
  done
}

# focus_probe NAME PROBE_KEYS ESC_KEYS: the window takes the keyboard only after its first
# frame: types the probe until the client shows it, empties the client, then Escape so that
# the daemon forgets the probe word.
focus_probe() {
  tries=0
  until [ -s "$CLIENTS/$1.txt" ]; do
    tries=$((tries + 1)); [ "$tries" -le 30 ] || { echo "focus_probe: $1 never got the keyboard" >&2; return 1; }
    kb_play "$2"
    sleep 1
  done
  echo "$tries" > "$OUT/probe-tries"
  kb_play "$3"
  client_clear "$1"
  mark "client-$1-focused"
}
