import type { TopLevelSpec } from 'vega-lite';
import { renderChart } from '../coverage/render.js';
import type { MimeBundle } from './mime.js';
import { chartView } from './views.js';

/** Renders a vega-lite spec to PNG and returns the three-MIME chart bundle. */
export async function chartBundle(spec: TopLevelSpec, description?: string): Promise<MimeBundle> {
  const { png } = await renderChart(spec);
  return chartView(spec, png, description ?? chartTitle(spec) ?? 'vega-lite chart');
}

function chartTitle(spec: TopLevelSpec): string | undefined {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && 'text' in title) {
    const { text, subtitle } = title as { text?: unknown; subtitle?: unknown };
    return [text, subtitle].filter((t) => typeof t === 'string').join(' — ') || undefined;
  }
  return undefined;
}
