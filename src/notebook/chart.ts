import { renderChart } from '../coverage/render.js';
import type { VegaLiteSpec } from '../coverage/types.js';
import type { MimeBundle } from './mime.js';
import { chartView } from './views.js';

/** Renders a vega-lite spec to PNG and returns the three-MIME chart bundle. */
export async function chartBundle(spec: VegaLiteSpec, description?: string): Promise<MimeBundle> {
  const { png } = await renderChart(spec);
  return chartView(spec, png, description ?? chartTitle(spec) ?? 'vega-lite chart');
}

function chartTitle(spec: VegaLiteSpec): string | undefined {
  const title = spec.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && 'text' in title) {
    const { text, subtitle } = title as { text?: unknown; subtitle?: unknown };
    return [text, subtitle].filter((t) => typeof t === 'string').join(' — ') || undefined;
  }
  return undefined;
}
