import { existsSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from './types.js';

// vega, vega-lite and resvg load on first use: the CLI's other commands do not pay for them.
type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
type ResvgModule = typeof import('@resvg/resvg-js');
let libraries: Promise<{ vega: Vega; vegaLite: VegaLite; resvg: ResvgModule }> | undefined;
function loadLibraries() {
  libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(([vega, vegaLite, resvg]) => ({ vega, vegaLite, resvg }));
  return libraries;
}

/** Font files for PNG text (fonts-dejavu-core); system fonts are loaded when they are missing. */
export const DEJAVU_FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'].map((f) => `/usr/share/fonts/truetype/dejavu/${f}`);

/** Vega-Lite's compile warnings are about layout heuristics, not for the user's terminal; errors still throw. */
const QUIET_LOGGER = {
  level(): number | any {
    return QUIET_LOGGER;
  },
  warn(): any {
    return QUIET_LOGGER;
  },
  info(): any {
    return QUIET_LOGGER;
  },
  debug(): any {
    return QUIET_LOGGER;
  },
  error(...args: readonly unknown[]): never {
    throw new Error(args.map(String).join(' '));
  },
};

/** Renders a Vega-Lite spec to SVG headlessly (vega View with renderer 'none'). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = await loadLibraries();
  const compiled = vegaLite.compile(spec as unknown as TopLevelSpec, { logger: QUIET_LOGGER }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG → PNG with resvg, text in DejaVu Sans. */
export async function svgToPng(svg: string, options: { scale?: number } = {}): Promise<Buffer> {
  const { resvg: { Resvg } } = await loadLibraries();
  const fontFiles = DEJAVU_FONTS.filter((f) => existsSync(f));
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export async function renderChart(spec: VegaLiteSpec, options: { scale?: number } = {}): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderSvg(spec);
  return { svg, png: await svgToPng(svg, options) };
}
