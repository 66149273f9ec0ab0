import { patternAddress, patternLeafPaths } from './pattern-paths.js';
import type { CoverageResult, FieldCoverage, TopicCoverage, VegaLiteSpec } from './types.js';

/** Vega-Lite v5 specifications of coverage charts: plain JSON, data inline. */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const FONT = 'DejaVu Sans';
const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFont: FONT, titleFont: FONT, labelLimit: 420 },
  legend: { labelFont: FONT, titleFont: FONT },
  title: { font: FONT, anchor: 'start' as const, fontSize: 14 },
};

/** Present %: a visible light blue above 0 up to dark blue at 100; 0 % has a colour of its own (ZERO_COLOUR). */
const PRESENCE_SCALE = { domain: [0, 100], range: ['#c6dbef', '#08306b'] };
/** The colour of "never present": the finding these charts exist to show. */
export const ZERO_COLOUR = '#d94801';
const presenceColour = (legend: unknown) => ({
  condition: { test: 'datum.presence === 0', value: ZERO_COLOUR },
  field: 'presence',
  type: 'quantitative',
  scale: PRESENCE_SCALE,
  legend,
});

const BODY = 'detail.eventBody.';
/** A row label: the path without `detail.eventBody.` (said once, in the subtitle); other paths in full. */
export function fieldLabel(path: string): string {
  return path.startsWith(BODY) ? path.slice(BODY.length) : path;
}

/** Fields worth charting: leaves (scalar, null or empty-container values), not pure containers. */
export function isLeafField(field: FieldCoverage): boolean {
  const { types } = field;
  return Boolean(types.string || types.number || types.boolean || types.null) || (field.empty > 0 && !field.path.endsWith('[]'));
}

export interface PresenceChartOptions {
  /** Show at most this many fields (lowest presence first kept). Default 80. */
  maxFields?: number;
  /** Only fields whose path starts with this. Default: the fields under `detail.` (the envelope is always complete). */
  pathPrefix?: string;
}

/**
 * Horizontal bars: share of one topic's events in which each field is
 * present, lowest first (the gaps are the finding), each labelled with its
 * value; fields never present are drawn in ZERO_COLOUR.
 */
export function presenceBarChart(result: CoverageResult, detailType: string, options: PresenceChartOptions = {}): VegaLiteSpec {
  const topic = findTopic(result, detailType);
  const prefix = options.pathPrefix ?? 'detail.';
  const fields = topic.fields
    .filter((f) => isLeafField(f) && f.path.startsWith(prefix))
    .sort((a, b) => a.presence - b.presence || (a.path < b.path ? -1 : 1));
  const shown = fields.slice(0, options.maxFields ?? 80);
  const values = shown.map((f) => ({
    field: f.path,
    row: fieldLabel(f.path),
    presence: round(f.presence * 100),
    label: `${round(f.presence * 100)}%`,
    present: f.present,
    null: f.null,
    absent: f.absent,
  }));
  const notes = [`${topic.events} events`, `fields under ${prefix || '(all)'}`];
  if (shown.length < fields.length) notes.push(`the ${shown.length} least present of ${fields.length}`);
  return {
    $schema: SCHEMA,
    title: { text: `Field presence: ${detailType}`, subtitle: [notes.join('; '), `lowest first; 0 % in orange; ${BODY} left out of the names`] },
    data: { values },
    width: 320,
    height: { step: 16 },
    encoding: {
      y: { field: 'row', type: 'nominal', sort: null, title: null, axis: { labelLimit: 0 } },
      x: { field: 'presence', type: 'quantitative', title: 'events with the field (%)', scale: { domain: [0, 100] } },
      tooltip: [
        { field: 'field', type: 'nominal' },
        { field: 'presence', type: 'quantitative', title: 'present %' },
        { field: 'present', type: 'quantitative' },
        { field: 'null', type: 'quantitative' },
        { field: 'absent', type: 'quantitative' },
      ],
    },
    layer: [
      { mark: { type: 'bar' }, encoding: { color: presenceColour(null) } },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: 'datum.presence === 0', value: ZERO_COLOUR }, value: '#333333' },
          x: { field: 'presence', type: 'quantitative', scale: { domain: [0, 100] }, title: 'events with the field (%)' },
        },
      },
    ],
    config: CONFIG,
  } as VegaLiteSpec;
}

export interface HeatmapOptions {
  /** Explicit field paths; default: leaf paths under `detail.` seen in the most topics. */
  fields?: readonly string[];
  /** Default 60. */
  maxFields?: number;
  topics?: readonly string[];
}

/** Topics × fields heatmap of presence (%); an empty cell means the field never occurs in that topic. */
export function presenceHeatmap(result: CoverageResult, options: HeatmapOptions = {}): VegaLiteSpec {
  const topics = selectTopics(result, options.topics);
  const fields = options.fields ? [...options.fields] : commonFields(topics, options.maxFields ?? 60);
  const values: Array<Record<string, unknown>> = [];
  for (const topic of topics) {
    const byPath = new Map(topic.fields.map((f) => [f.path, f]));
    for (const path of fields) {
      const f = byPath.get(path);
      if (f) values.push({ topic: topic.detailType, field: path, presence: round(f.presence * 100), present: f.present, events: topic.events });
    }
  }
  return heatmap('Field presence by topic (%)', [`${result.events} events, ${topics.length} topics, ${fields.length} fields; 0 % in orange, blank: the field never occurs in that topic`], values, fields, topics);
}

/**
 * For one rule: how often each path its pattern tests is present in each
 * topic's events (EventBridge flattens arrays, so `a[].b` counts for `a.b`).
 */
export function rulePathsHeatmap(result: CoverageResult, pattern: unknown, options: { ruleName?: string; topics?: readonly string[] } = {}): VegaLiteSpec {
  const paths = patternLeafPaths(pattern);
  const topics = selectTopics(result, options.topics);
  const values = rulePathPresence(result, pattern, options.topics).map((row) => ({ ...row, presence: round(row.presence * 100) }));
  return heatmap(
    `Paths tested by rule ${options.ruleName ?? ''}`.trim(),
    [`presence (%) of each path the pattern tests, in each topic's ${result.events} events`, 'orange: the path never occurs in that topic, so the rule cannot match its events'],
    values,
    paths,
    topics,
  );
}

export interface RulePathPresence {
  topic: string;
  field: string;
  presence: number;
  present: number;
  events: number;
}

/** The numbers behind `rulePathsHeatmap`: one row per topic × pattern path. */
export function rulePathPresence(result: CoverageResult, pattern: unknown, topicNames?: readonly string[]): RulePathPresence[] {
  const paths = patternLeafPaths(pattern);
  const rows: RulePathPresence[] = [];
  for (const topic of selectTopics(result, topicNames)) {
    for (const path of paths) {
      let present = 0;
      for (const f of topic.fields) if (patternAddress(f.path) === path && f.present > present) present = f.present;
      rows.push({ topic: topic.detailType, field: path, presence: topic.events === 0 ? 0 : present / topic.events, present, events: topic.events });
    }
  }
  return rows;
}

/** A topic label short enough for a column: `conversation {id} customer.start` for `v2.detail.events.conversation.{id}.customer.start`. */
export function shortTopic(detailType: string): string {
  return detailType
    .replace(/^v2\.detail\.events\./, '')
    .replace(/^v2\./, '')
    .replace(/\.\{id\}(?=\.|$)/g, '')
    .replace(/\./g, ' ');
}

/** Fields as rows (long paths read horizontally), topics as short columns: fits a page and a notebook. */
function heatmap(title: string, subtitle: string[], values: Array<Record<string, unknown>>, fields: readonly string[], topics: readonly TopicCoverage[]): VegaLiteSpec {
  const rows = values.map((v) => ({ ...v, row: fieldLabel(String(v.field)), column: shortTopic(String(v.topic)) }));
  const columns = topics.map((t) => shortTopic(t.detailType));
  const bodyNote = fields.some((f) => f.startsWith(BODY)) ? [`${BODY} left out of the field names; topics without {id}`] : ['topics without {id}'];
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: [...subtitle, ...bodyNote] },
    data: { values: rows },
    width: { step: 24 },
    height: { step: 15 },
    layer: [
      {
        mark: { type: 'rect', tooltip: true, stroke: 'white', strokeWidth: 0.5 },
        encoding: { color: presenceColour({ title: 'present %', orient: 'bottom', direction: 'horizontal', gradientLength: 160 }) },
      },
      {
        mark: { type: 'text', fontSize: 7.5 },
        encoding: {
          text: { field: 'presence', type: 'quantitative', format: '.0f' },
          color: { condition: { test: 'datum.presence > 55 || datum.presence === 0', value: 'white' }, value: 'black' },
        },
      },
    ],
    encoding: {
      y: { field: 'row', type: 'nominal', sort: fields.map(fieldLabel), title: null, axis: { labelLimit: 0, labelFontSize: 10 } },
      x: {
        field: 'column', type: 'nominal', sort: columns, title: null,
        axis: { orient: 'top', labelAngle: -50, labelAlign: 'left', labelBaseline: 'middle', labelLimit: 0, labelFontSize: 10 },
      },
      tooltip: [
        { field: 'topic', type: 'nominal' },
        { field: 'field', type: 'nominal' },
        { field: 'presence', type: 'quantitative', title: 'present %' },
        { field: 'present', type: 'quantitative' },
        { field: 'events', type: 'quantitative' },
      ],
    },
    config: CONFIG,
  } as VegaLiteSpec;
}

function findTopic(result: CoverageResult, detailType: string): TopicCoverage {
  const topic = result.topics.find((t) => t.detailType === detailType);
  if (!topic) throw new RangeError(`No events of detail-type ${JSON.stringify(detailType)} in the coverage (topics: ${result.topics.map((t) => t.detailType).join(', ') || 'none'})`);
  return topic;
}

function selectTopics(result: CoverageResult, names?: readonly string[]): TopicCoverage[] {
  return names && names.length > 0 ? names.map((n) => findTopic(result, n)) : result.topics;
}

/** Leaf paths under `detail.`, ordered by how many topics have them, then by name. */
function commonFields(topics: readonly TopicCoverage[], max: number): string[] {
  const count = new Map<string, number>();
  for (const topic of topics) for (const f of topic.fields) if (f.path.startsWith('detail.') && isLeafField(f)) count.set(f.path, (count.get(f.path) ?? 0) + 1);
  return [...count]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([path]) => path)
    .sort();
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export interface ValueChartOptions {
  /** Only fields whose path starts with this. Default `detail.`. */
  pathPrefix?: string;
  /** At most this many fields, most occurrences first. Default 12. */
  maxFields?: number;
}

/** The enum-like fields of a topic: at least two values, each seen on average at least twice. */
export function enumFields(topic: TopicCoverage, pathPrefix = 'detail.'): FieldCoverage[] {
  return topic.fields.filter((f) => {
    const values = f.values ?? [];
    const total = values.reduce((n, v) => n + v.count, 0);
    return f.path.startsWith(pathPrefix) && values.length >= 2 && total >= 2 * values.length;
  });
}

/**
 * For one topic, each enum-like field's value distribution (share of the
 * field's occurrences per value), one small bar chart per field, values
 * labelled. `undefined` when the topic has no enum-like field.
 */
export function valueDistributionChart(result: CoverageResult, detailType: string, options: ValueChartOptions = {}): VegaLiteSpec | undefined {
  const topic = findTopic(result, detailType);
  const fields = enumFields(topic, options.pathPrefix ?? 'detail.')
    .sort((a, b) => b.present - a.present || (a.path < b.path ? -1 : 1))
    .slice(0, options.maxFields ?? 12);
  if (fields.length === 0) return undefined;
  const values = fields.flatMap((f) => {
    const total = f.values!.reduce((n, v) => n + v.count, 0);
    return f.values!.map((v) => ({
      field: fieldLabel(f.path),
      path: f.path,
      value: String(v.value),
      count: v.count,
      share: round((v.count / total) * 100),
      label: `${v.count} (${round((v.count / total) * 100)}%)`,
    }));
  });
  return {
    $schema: SCHEMA,
    title: { text: `Field values: ${detailType}`, subtitle: [`${topic.events} events; enum-like fields: how often each value occurs`, `${BODY} left out of the field names`] },
    data: { values },
    facet: { row: { field: 'field', type: 'nominal', sort: fields.map((f) => fieldLabel(f.path)), header: { title: null, labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelFontWeight: 'bold', labelOrient: 'top', labelPadding: 2 } } },
    spec: {
      width: 260,
      height: { step: 15 },
      encoding: {
        y: { field: 'value', type: 'nominal', sort: { field: 'share', op: 'max', order: 'descending' }, title: null, axis: { labelLimit: 0 } },
        x: { field: 'share', type: 'quantitative', scale: { domain: [0, 100] }, title: 'share of the field\'s values (%)' },
        tooltip: [
          { field: 'path', type: 'nominal' },
          { field: 'value', type: 'nominal' },
          { field: 'count', type: 'quantitative' },
          { field: 'share', type: 'quantitative', title: '%' },
        ],
      },
      layer: [
        { mark: { type: 'bar', color: '#2f6fb0' } },
        { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#333333' }, encoding: { text: { field: 'label', type: 'nominal' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    spacing: 6,
    config: CONFIG,
  } as VegaLiteSpec;
}
