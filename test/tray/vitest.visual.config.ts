// `npm run test:tray-visual`: the tray in a real panel under Xvfb. Separate
// from `npm test` because it needs Xvfb, xfce4-panel, ImageMagick and xdotool.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/tray/*.visual.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
