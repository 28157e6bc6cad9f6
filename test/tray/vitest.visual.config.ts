// `npm run test:tray-visual`: the tray in real hosts, xfce4-panel under Xvfb,
// waybar on headless sway, and GNOME Shell (headless) with the AppIndicator
// extension. Separate from `npm test` because it needs Xvfb, xfce4-panel,
// ImageMagick, xdotool, sway, waybar, grim, gnome-shell and
// gnome-shell-extension-appindicator.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/tray/*.visual.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
