import type { CoverageResult, TopicCoverage } from '../coverage/types.js';
import { escapeHtml } from './escape.js';
import { htmlPage } from './html-page.js';

export interface CoverageChart {
  title: string;
  /** An SVG document rendered headlessly; embedded inline. */
  svg: string;
}

export interface CoverageProblemSummary {
  count: number;
  /** The first few, already redacted if the report is. */
  sample: Array<{ source: string; line: number; message: string }>;
}

/** Titles of the per-topic charts (presence bars, value distributions) start with these (see coverage-report.ts). */
const PER_TOPIC_TITLES = ['Field presence: ', 'Field values: '];

const CSS = `
.chart { overflow-x: auto; margin: 1rem 0 2rem; }
figure.chart { margin-left: 0; margin-right: 0; }
.chart svg { max-width: none; height: auto; }
details { margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; }
.bar { display: inline-block; height: .7rem; background: #2f6fb0; vertical-align: middle; }
`;

/** A self-contained HTML coverage report: inline CSS and inline SVG charts, no script, no external resource. */
export function coverageHtml(result: CoverageResult, options: { charts?: readonly CoverageChart[]; problems?: CoverageProblemSummary; title?: string } = {}): string {
  const title = options.title ?? 'Field coverage';
  const body: string[] = [`<h1>${escapeHtml(title)}</h1>`];
  body.push(
    `<p>${result.events} events in ${result.topics.length} topics${result.skipped ? `; ${result.skipped} records were not JSON objects` : ''}. ` +
      `Distinct values: ${escapeHtml(result.distinctMethod)}; estimates are marked with ~.` +
      (result.options.redacted ? ' <strong>Example values are redacted</strong> (personal data masked).' : '') +
      '</p>',
  );
  if (options.problems && options.problems.count > 0) {
    body.push(`<details><summary class="bad">${options.problems.count} input problems (records skipped)</summary><table><tr><th>source</th><th>line</th><th>problem</th></tr>`);
    for (const p of options.problems.sample) body.push(`<tr><td><code>${escapeHtml(p.source)}</code></td><td class="num">${p.line}</td><td>${escapeHtml(p.message)}</td></tr>`);
    body.push('</table></details>');
  }
  body.push('<table><tr><th>detail-type</th><th class="num">events</th><th class="num">fields</th></tr>');
  for (const t of result.topics) body.push(`<tr><td><code>${escapeHtml(t.detailType)}</code></td><td class="num">${t.events}</td><td class="num">${t.fields.length}</td></tr>`);
  body.push('</table>');
  // Each chart carries its own title: no heading repeats it.
  const charts = options.charts ?? [];
  const figure = (chart: CoverageChart) => `<figure class="chart" role="img" aria-label="${escapeHtml(chart.title)}">${inlineSvg(chart.svg)}</figure>`;
  const perTopic = charts.filter((c) => PER_TOPIC_TITLES.some((t) => c.title.startsWith(t)));
  const overviews = charts.filter((c) => !perTopic.includes(c));
  if (charts.length > 0) body.push('<h2>Charts</h2>');
  for (const chart of overviews) body.push(figure(chart));
  if (perTopic.length > 0) {
    body.push(`<details${perTopic.length <= 3 ? ' open' : ''}><summary>Per topic: field presence (least present first) and values of enum-like fields (${perTopic.length} chart${perTopic.length === 1 ? '' : 's'})</summary>${perTopic.map(figure).join('\n')}</details>`);
  }
  body.push('<h2>Fields by topic</h2>');
  for (const topic of result.topics) body.push(topicTable(topic));
  return htmlPage({ title, body: body.join('\n'), css: CSS });
}

function topicTable(topic: TopicCoverage): string {
  const rows = topic.fields.map((f) => {
    const pct = Math.round(f.presence * 1000) / 10;
    const types = Object.entries(f.types).map(([type, n]) => `${type} ${n}`).join(', ');
    const examples = f.values && f.values.length >= 2
      ? f.values.map((v) => `<code>${escapeHtml(JSON.stringify(v.value))}</code>&nbsp;×${v.count}`).join(' ')
      : f.examples.map((e) => `<code>${escapeHtml(JSON.stringify(e))}</code>`).join(' ');
    return `<tr><td><code>${escapeHtml(f.path)}</code></td><td class="num"><span class="bar" style="width:${Math.round(pct / 2)}px"></span> ${pct.toFixed(1)}</td><td class="num">${f.present}</td><td class="num">${f.null}</td><td class="num">${f.absent}</td><td>${escapeHtml(types)}</td><td class="num">${f.distinct.exact ? '' : '~'}${f.distinct.count}</td><td>${examples}</td></tr>`;
  });
  return `<details><summary><code>${escapeHtml(topic.detailType)}</code>: ${topic.events} events, ${topic.fields.length} fields</summary>
<table><tr><th>path</th><th>present %</th><th>present</th><th>null</th><th>absent</th><th>types</th><th>distinct</th><th>examples (values ×count)</th></tr>
${rows.join('\n')}</table></details>`;
}

/** The SVG element alone (no XML prolog), safe to place in HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>/i, '');
}
