#!/usr/bin/python3
# A GTK 3 text client for the desktop-session kernel tests: one window with a
# text widget that has the keyboard focus, writing the widget's whole text to a
# file on every change, so a test sees exactly what a user would see.
# Runs on Wayland or X11 (whatever GDK_BACKEND / WAYLAND_DISPLAY / DISPLAY say).
#   --widget entry|textview|password   what to show (password: an Entry with
#                                      visibility off and the password purpose)
#   --out FILE     the widget's text, rewritten (atomically) on every change
#   --keys FILE    optional: one line per key press the window received
#                  (keyval name and modifier mask), for checking what was swallowed
#   --ready FILE   written once the window is mapped and drawn
#   --title T      window title (default: "ac test client")
# SIGUSR1 empties the widget (a test's next scenario starts from nothing).
import argparse
import os
import signal
import sys

import gi

gi.require_version('Gtk', '3.0')
gi.require_version('Gdk', '3.0')
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def write_atomic(path, text):
    tmp = f'{path}.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--widget', choices=['entry', 'textview', 'password'], default='textview')
    p.add_argument('--out', required=True)
    p.add_argument('--keys')
    p.add_argument('--ready')
    p.add_argument('--title', default='ac test client')
    args = p.parse_args()

    win = Gtk.Window(title=args.title)
    win.set_default_size(800, 600)
    win.connect('destroy', Gtk.main_quit)

    if args.widget == 'textview':
        view = Gtk.TextView()
        buf = view.get_buffer()
        get_text = lambda: buf.get_text(buf.get_start_iter(), buf.get_end_iter(), True)  # noqa: E731
        clear = lambda: buf.set_text('')  # noqa: E731
        buf.connect('changed', lambda *_: write_atomic(args.out, get_text()))
        widget = view
    else:
        entry = Gtk.Entry()
        if args.widget == 'password':
            entry.set_visibility(False)
            entry.set_input_purpose(Gtk.InputPurpose.PASSWORD)
        get_text = entry.get_text
        clear = lambda: entry.set_text('')  # noqa: E731
        entry.connect('changed', lambda *_: write_atomic(args.out, get_text()))
        widget = entry
    win.add(widget)
    write_atomic(args.out, '')

    if args.keys:
        keylog = open(args.keys, 'a', encoding='utf-8', buffering=1)

        def on_key(_w, ev):
            keylog.write(f'{Gdk.keyval_name(ev.keyval)} {int(ev.state)}\n')
            return False
        win.connect('key-press-event', on_key)

    def on_usr1():
        clear()
        write_atomic(args.out, get_text())
        return True
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR1, on_usr1)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, lambda: Gtk.main_quit() or False)

    win.show_all()
    # Ready once a frame is painted (the window may take the keyboard only then).
    # The frame clock's signal, not 'draw': that one hands over a cairo context,
    # which needs python3-gi-cairo.
    clock = win.get_frame_clock()

    def on_painted(*_):
        if args.ready and not os.path.exists(args.ready):
            # Mapped now: ask for the focus again (on X11 without a window
            # manager, the request before the map went nowhere).
            win.get_window().focus(Gdk.CURRENT_TIME)
            write_atomic(args.ready, f'{os.getpid()}\n')
            clock.disconnect(handler)
    handler = clock.connect('after-paint', on_painted)
    widget.grab_focus()
    win.present()
    Gtk.main()
    return 0


if __name__ == '__main__':
    sys.exit(main())
