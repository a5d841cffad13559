import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

/**
 * resvg draws text only with fonts it is given. DejaVu Sans comes from the `dejavu-fonts-ttf` npm package, so the
 * chart renders the same on a laptop, in CI and in a slim container, with no system fonts installed.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** Renders an SVG document to PNG bytes, server-side, without a browser. */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
