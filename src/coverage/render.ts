import { existsSync } from 'node:fs';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';

/** Font files for PNG text (fonts-dejavu-core); system fonts are loaded when they are missing. */
export const DEJAVU_FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'].map((f) => `/usr/share/fonts/truetype/dejavu/${f}`);

/** Renders a Vega-Lite spec to SVG headlessly (vega View with renderer 'none'). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG → PNG with resvg, text in DejaVu Sans. */
export function svgToPng(svg: string, options: { scale?: number } = {}): Buffer {
  const fontFiles = DEJAVU_FONTS.filter((f) => existsSync(f));
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export async function renderChart(spec: TopLevelSpec, options: { scale?: number } = {}): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg, options) };
}
