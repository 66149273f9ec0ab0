/**
 * Full explanations (hints, fixes), built only for what a report or stream
 * shows and remembered per (rule, topic, failing leaves and the event's
 * values there): most misses repeat a handful of shapes. Misses whose values
 * are long, and misses beyond the bound, are explained afresh.
 */
import { adviseFailure } from '../explain/hints.js';
import { explainCompiled, type CompiledPattern, type PatternFailure, type Scalar } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
import { rawValuesAt } from '../pattern/flatten.js';
import { boundFailures } from './bound.js';
import type { MissShape } from './failure-classes.js';

const MAX_ENTRIES = 20_000;
const MAX_KEY_CHARS = 2_000;

export class ExplanationCache {
  private readonly entries = new Map<string, PatternFailure[]>();
  /** Per (rule, topic, failing leaves, kinds of values): failures whose hints quote the values verbatim and carry no fix. */
  private readonly templates = new Map<string, Template>();
  hits = 0;
  misses = 0;

  /** The (bounded) failures of rule `r` on the loaded event, whose miss has `shape`. */
  failures(r: number, compiled: CompiledPattern, event: object, detailType: string, shape: MissShape, values: EventValues): PatternFailure[] {
    const key = keyOf(r, detailType, shape, values, event);
    if (key !== undefined) {
      const known = this.entries.get(key);
      if (known !== undefined) {
        this.hits++;
        return known;
      }
    }
    const kind = shape.complex ? undefined : templateKeyOf(r, detailType, shape, values, event);
    const template = kind === undefined ? undefined : this.templates.get(kind);
    const filled = template === undefined ? undefined : fill(template, shape, values);
    if (filled !== undefined) {
      this.hits++;
      return filled;
    }
    this.misses++;
    const cheap = shape.complex ? undefined : leafFailures(shape, event, values);
    const failures = boundFailures(cheap ?? explainCompiled(compiled, event).failures);
    // Whether a proposed fix is kept depends on the whole event (it must re-test as a match): never reused.
    if (cheap === undefined && !shape.complex) return failures;
    if (key !== undefined) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, failures);
    }
    if (kind !== undefined && template === undefined) {
      const made = makeTemplate(failures, shape, values);
      if (made !== undefined) {
        if (this.templates.size >= MAX_ENTRIES) this.templates.clear();
        this.templates.set(kind, made);
      }
    }
    return failures;
  }
}

/**
 * Failures of one miss whose hints quote each failing value once, verbatim,
 * and propose no fix: another event with values of the same kinds at the
 * same leaves gets the same sentences with its own values put in.
 */
interface Template {
  failures: PatternFailure[];
  /** Per failure: the JSON of the value its hint quotes (undefined: a missing field, nothing quoted). */
  quoted: Array<string | undefined>;
}

/**
 * Longest value (as JSON) a template is made for. A hint may shorten a long
 * value; a template is made only from a hint that quotes its value whole,
 * and filled only with values no longer than that one, so they too are quoted whole.
 */
const MAX_TEMPLATED_VALUE = 200;

function singleValue(shape: MissShape, i: number, values: EventValues): Scalar | undefined {
  const { leaf } = shape.leaves[i]!;
  const more = values.more === null ? undefined : values.more[leaf.pathId];
  if (more !== undefined) return undefined;
  return values.first[leaf.pathId];
}

function makeTemplate(failures: PatternFailure[], shape: MissShape, values: EventValues): Template | undefined {
  if (failures.length !== shape.leaves.length) return undefined;
  const quoted: Array<string | undefined> = [];
  for (let i = 0; i < failures.length; i++) {
    const f = failures[i]!;
    if (f.fix !== undefined || f.branches !== undefined) return undefined;
    if (shape.leaves[i]!.code === 'missing-field') {
      quoted.push(undefined);
      continue;
    }
    const v = singleValue(shape, i, values);
    if (v === undefined || shape.leaves[i]!.code === 'object-value') return undefined;
    const json = JSON.stringify(v);
    if (json.length > MAX_TEMPLATED_VALUE || f.hint.split(json).length !== 2) return undefined;
    quoted.push(json);
  }
  return { failures, quoted };
}

function fill(template: Template, shape: MissShape, values: EventValues): PatternFailure[] | undefined {
  const out: PatternFailure[] = [];
  for (let i = 0; i < template.failures.length; i++) {
    const f = template.failures[i]!;
    const quoted = template.quoted[i];
    if (quoted === undefined) {
      out.push(f);
      continue;
    }
    const v = singleValue(shape, i, values);
    if (v === undefined) return undefined;
    const json = JSON.stringify(v);
    if (json.length > quoted.length) return undefined;
    const [before, after] = f.hint.split(quoted) as [string, string];
    out.push({ ...f, actual: [v], hint: before + json + after });
  }
  return out;
}

function templateKeyOf(r: number, detailType: string, shape: MissShape, values: EventValues, event: object): string | undefined {
  let key = `${r}\u0001${detailType}\u0001${shape.classes.join(',')}`;
  for (const leaf of shape.failingLeaves) {
    const first = values.first[leaf.pathId];
    if (first === undefined) {
      const parent = parentKeys(event, leaf.segments);
      if (parent === undefined) return undefined;
      key += `\u0001${leaf.pathId}\u0003${parent}`;
    } else key += `\u0001${leaf.pathId}:${typeof first}`;
    if (key.length > MAX_KEY_CHARS) return undefined;
  }
  return key;
}

function keyOf(r: number, detailType: string, shape: MissShape, values: EventValues, event: object): string | undefined {
  let key = `${r}\u0001${detailType}\u0001${shape.classes.join(',')}`;
  for (const leaf of shape.failingLeaves) {
    key += `\u0001${leaf.pathId}=`;
    const first = values.first[leaf.pathId];
    // A missing field's hint names what its parent holds instead.
    if (first === undefined) {
      const parent = parentKeys(event, leaf.segments);
      if (parent === undefined) return undefined; // an object where a value is wanted: the failure quotes it
      key += `\u0003${parent}`;
    } else {
      key += scalarKey(first);
      const more = values.more === null ? undefined : values.more[leaf.pathId];
      if (more !== undefined) for (const v of more) key += `\u0002${scalarKey(v)}`;
    }
    if (key.length > MAX_KEY_CHARS) return undefined;
  }
  return key;
}

function scalarKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `${typeof v}${String(v)}`;
}

/**
 * explainCompiled's failures for a miss of top-level leaves only, built from
 * the values already gathered (no second walk of the event): the same bare
 * failure per leaf (code, expected, actual), advised by the same hints.
 * Undefined when a hint proposes a fix: only explainCompiled keeps fixes, and
 * only those that re-test as a match.
 */
function leafFailures(shape: MissShape, event: object, values: EventValues): PatternFailure[] | undefined {
  const failures: PatternFailure[] = [];
  for (const { leaf, code } of shape.leaves) {
    let bare: Omit<PatternFailure, 'hint' | 'fix'>;
    if (code === 'missing-field') bare = { path: leaf.path, code, expected: leaf.expected };
    else if (code === 'object-value') {
      const objects = rawValuesAt(event, leaf.segments).filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
      bare = { path: leaf.path, code, expected: leaf.expected, actual: objects };
    } else {
      const first = values.first[leaf.pathId] as Scalar;
      const more = values.more === null ? undefined : values.more[leaf.pathId];
      bare = { path: leaf.path, code, expected: leaf.expected, actual: more === undefined ? [first] : [first, ...more] };
    }
    const advice = adviseFailure(bare, { event });
    if (advice.fix) return undefined;
    failures.push({ ...bare, hint: advice.hint });
  }
  return failures;
}

/** The keys of the deepest object on the way to `segments` (where a missing field would be). */
function parentKeys(event: object, segments: readonly string[]): string | undefined {
  let node: unknown = event;
  let depth = 0;
  for (const segment of segments) {
    const next = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') break;
    node = next;
    depth++;
  }
  if (depth === segments.length) return undefined;
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? `${depth}:${Object.keys(node).join('\u0002')}` : `${depth}:`;
}
