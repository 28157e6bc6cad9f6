#!/usr/bin/python3
# A GTK 3 window for the focus tests: a text view, an entry, a password entry
# and (when VTE is installed) a terminal. Each line on stdin names the widget
# to focus ("text", "entry", "password", "terminal"); after the widget has
# the focus the window prints "focused NAME T" with T its CLOCK_MONOTONIC ms,
# so a test can set the follower's answer beside the moment it changed.
# --app-id sets the program name, which AT-SPI reports as the app's name.
import argparse
import os
import sys
import time

import gi

gi.require_version('Gtk', '3.0')
from gi.repository import GLib, Gtk  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--app-id', default='ac-focus-window')
    args = p.parse_args()
    GLib.set_prgname(args.app_id)
    GLib.set_application_name(args.app_id)

    win = Gtk.Window(title=args.app_id)
    win.set_default_size(600, 400)
    win.connect('destroy', Gtk.main_quit)
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    widgets = {'text': Gtk.TextView(), 'entry': Gtk.Entry()}
    pw = Gtk.Entry()
    pw.set_visibility(False)
    pw.set_input_purpose(Gtk.InputPurpose.PASSWORD)
    widgets['password'] = pw
    try:
        gi.require_version('Vte', '2.91')
        from gi.repository import Vte  # noqa: E402
        widgets['terminal'] = Vte.Terminal()
    except (ValueError, ImportError):
        pass
    for w in widgets.values():
        box.pack_start(w, True, True, 0)
    win.add(box)

    def on_line(source, _cond):
        line = source.readline()
        if not line:
            Gtk.main_quit()
            return False
        name = line.strip()
        w = widgets.get(name)
        if w is None:
            print(f'unknown {name}', flush=True)
            return True
        w.grab_focus()
        print(f'focused {name} {time.clock_gettime(time.CLOCK_MONOTONIC) * 1000:.1f}', flush=True)
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, on_line)
    win.show_all()
    win.present()
    print(f'ready {os.getpid()} {" ".join(widgets)}', flush=True)
    Gtk.main()
    return 0


if __name__ == '__main__':
    sys.exit(main())
