// `npm run test:tray-visual`: the tray in real hosts, xfce4-panel under Xvfb,
// waybar on headless sway, GNOME Shell (headless) with the AppIndicator
// extension, and KDE Plasma's plasmashell under Xvfb. Separate from `npm test`
// because it needs Xvfb, xfce4-panel, ImageMagick, xdotool, sway, waybar,
// grim, gnome-shell, gnome-shell-extension-appindicator, plasma-workspace and
// plasma-desktop.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/tray/*.visual.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/fresh-dist.ts'],
  },
});
