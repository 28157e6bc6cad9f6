#!/usr/bin/python3
# A GTK 3 text client for the desktop-session kernel tests: one window with a
# text widget that has the keyboard focus, writing the widget's whole text to a
# file on every change, so a test sees exactly what a user would see.
# Runs on Wayland or X11 (whatever GDK_BACKEND / WAYLAND_DISPLAY / DISPLAY say).
#   --widget entry|textview|password|terminal   what to show (password: an Entry
#                                      with visibility off and the password purpose;
#                                      terminal: a VTE terminal, whose text is what it
#                                      would send to its program, Backspaces applied)
#   --app-id ID    the program name (Wayland app id, WM_CLASS, AT-SPI app name)
#   --out FILE     the widget's text, rewritten (atomically) on every change
#   --keys FILE    optional: one line per key press the window received
#                  (keyval name and modifier mask), for checking what was swallowed
#   --ready FILE   written once the window is mapped and drawn
#   --focus-at FILE  CLOCK_MONOTONIC ms of each focus-in of the widget, a line each (the focus lag)
#   --title T      window title (default: "ac test client")
# SIGUSR1 empties the widget (a test's next scenario starts from nothing).
import argparse
import os
import signal
import sys
import time

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
    p.add_argument('--widget', choices=['entry', 'textview', 'password', 'terminal'], default='textview')
    p.add_argument('--app-id')
    p.add_argument('--focus-at')
    p.add_argument('--out', required=True)
    p.add_argument('--keys')
    p.add_argument('--ready')
    p.add_argument('--title', default='ac test client')
    args = p.parse_args()
    if args.app_id:
        GLib.set_prgname(args.app_id)
        GLib.set_application_name(args.app_id)

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
    elif args.widget == 'terminal':
        gi.require_version('Vte', '2.91')
        from gi.repository import Vte  # noqa: E402
        term = Vte.Terminal()
        sent = []

        def on_commit(_t, text, _size):
            # What a shell would get, as its line editor would show it: DEL takes a character
            # (or ^H) back, Return ends the line, other control characters (Escape) show nothing.
            for ch in text:
                if ch in ('\x7f', '\x08'):
                    if sent:
                        sent.pop()
                elif ch == '\r':
                    sent.append('\n')
                elif ch >= ' ':
                    sent.append(ch)
            write_atomic(args.out, ''.join(sent))
        term.connect('commit', on_commit)
        get_text = lambda: ''.join(sent)  # noqa: E731
        clear = sent.clear
        widget = term
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
    if args.focus_at:
        def on_focus_in(*_):
            with open(args.focus_at, 'a', encoding='utf-8') as f:
                f.write(f'{time.clock_gettime(time.CLOCK_MONOTONIC) * 1000:.1f}\n')
            return False
        widget.connect('focus-in-event', on_focus_in)

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
