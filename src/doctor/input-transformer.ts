/**
 * A target's input transformer previewed on real or sample events: the text the target would receive,
 * InputPathsMap paths absent from the events, placeholders nobody defines, and whether a JSON template
 * still gives JSON.
 */

export interface TransformerPreview {
  /** The transformed input for the first event (absent values left empty, as EventBridge leaves them). */
  output?: string;
  /** `name → path` pairs whose path none of the events has. */
  absentPaths: Array<{ name: string; path: string }>;
  /** `<name>` placeholders used in the template but not defined in InputPathsMap nor predefined. */
  undefinedPlaceholders: string[];
  /** For a JSON template: the JSON.parse error of the first event's output, if any. */
  invalidJson?: string;
  eventsTested: number;
}

const PREDEFINED = new Set(['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json']);

/** `$.detail.eventBody.x`, `$.detail['a.b']`, `$.list[0]` → keys; undefined when the path is not that simple JSONPath. */
export function jsonPathKeys(path: string): Array<string | number> | undefined {
  if (!path.startsWith('$')) return undefined;
  const keys: Array<string | number> = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    keys.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])!));
  }
  return keys;
}

/** The value at a simple JSONPath, or undefined when absent. */
export function valueAtJsonPath(event: unknown, path: string): unknown {
  const keys = jsonPathKeys(path);
  if (!keys) return undefined;
  let value: unknown = event;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function placeholders(template: string): Array<{ name: string; quoted: boolean; at: number; length: number }> {
  const out: Array<{ name: string; quoted: boolean; at: number; length: number }> = [];
  const re = /<([A-Za-z0-9_.\-]+)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(template))) {
    const quoted = template[m.index - 1] === '"' && template[m.index + m[0].length] === '"';
    out.push({ name: m[1]!, quoted, at: m.index, length: m[0].length });
  }
  return out;
}

/** The template with each placeholder replaced the way EventBridge does: strings raw inside quotes, JSON elsewhere. */
function render(template: string, values: Map<string, unknown>, context: { ruleArn: string; ruleName: string; event: unknown }): string {
  let out = '';
  let last = 0;
  for (const p of placeholders(template)) {
    out += template.slice(last, p.at);
    last = p.at + p.length;
    let value: unknown;
    if (p.name === 'aws.events.rule-arn') value = context.ruleArn;
    else if (p.name === 'aws.events.rule-name') value = context.ruleName;
    else if (p.name === 'aws.events.event.ingestion-time') value = (context.event as { time?: unknown } | null)?.time ?? '';
    else if (p.name === 'aws.events.event' || p.name === 'aws.events.event.json') value = context.event;
    else if (values.has(p.name)) value = values.get(p.name);
    else {
      out += template.slice(p.at, last);
      continue;
    }
    if (value === undefined) continue;
    if (p.quoted && typeof value === 'string') out += JSON.stringify(value).slice(1, -1);
    else out += typeof value === 'string' && !p.quoted ? value : JSON.stringify(value);
  }
  return out + template.slice(last);
}

export function previewInputTransformer(
  transformer: { inputPathsMap?: Record<string, string>; inputTemplate: string },
  events: readonly unknown[],
  context: { ruleArn: string; ruleName: string },
): TransformerPreview {
  const map = transformer.inputPathsMap ?? {};
  const absentPaths = Object.entries(map)
    .filter(([, path]) => events.length > 0 && events.every((e) => valueAtJsonPath(e, path) === undefined))
    .map(([name, path]) => ({ name, path }));
  const used = placeholders(transformer.inputTemplate).map((p) => p.name);
  const undefinedPlaceholders = [...new Set(used.filter((n) => !PREDEFINED.has(n) && !Object.prototype.hasOwnProperty.call(map, n)))];
  const preview: TransformerPreview = { absentPaths, undefinedPlaceholders, eventsTested: events.length };
  const first = events[0];
  if (first === undefined) return preview;
  const values = new Map(Object.entries(map).map(([name, path]) => [name, valueAtJsonPath(first, path)]));
  const output = render(transformer.inputTemplate, values, { ...context, event: first });
  preview.output = output;
  if (/^\s*[{[]/.test(transformer.inputTemplate)) {
    try {
      JSON.parse(output);
    } catch (error) {
      preview.invalidJson = error instanceof Error ? error.message : String(error);
    }
  }
  return preview;
}
