/**
 * Full explanations (hints, fixes), built only for what a report or stream
 * shows and remembered per (rule, topic, failing leaves and the event's
 * values there): most misses repeat a handful of shapes. Misses whose values
 * are long, and misses beyond the bound, are explained afresh.
 */
import { adviseFailure } from '../explain/hints.js';
import { MISSING_FIELD_NAMED_KEYS } from '../explain/advice-fallback.js';
import { explainCompiled, type CompiledPattern, type PatternFailure, type Scalar } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
import { rawValuesAt } from '../pattern/flatten.js';
import { similarityTailsIn } from '../explain/event-paths.js';
import { boundFailures, MAX_SHOWN_VALUE_CHARS } from './bound.js';
import { withFailuresJson } from './failures-json.js';
import type { LeafCheck, LeafResults, MissShape, RuleFailureClasses } from './failure-classes.js';
import { FailuresByValues, MAX_KEY_CHARS, type MissContext } from './failures-by-values.js';

/** Templates remembered; past this they start over. */
const MAX_TEMPLATES = 20_000;

export class ExplanationCache {
  /** Failure lists by (rule, detail-type, source, signature, values at the failing leaves). */
  private readonly known = new FailuresByValues();
  /** Per (rule, topic, failing leaves, kinds of values): failures whose hints quote the values verbatim and carry no fix. */
  private readonly templates = new Map<string, Template>();
  private readonly miss = new LoadedMiss();

  /** The (bounded) failures of rule `r` (`classes`: its failure classes) on the loaded event, which it misses. */
  failures(r: number, compiled: CompiledPattern, classes: RuleFailureClasses, event: object, values: EventValues, results: LeafResults): PatternFailure[] {
    const miss = this.miss;
    miss.load(event, classes, values, results);
    const slot = this.known.slot(r, classes.signature(values, results), miss);
    if (slot?.failures !== undefined) return slot.failures;
    const failures = this.explain(r, compiled, event, miss.shape(), miss);
    if (slot !== undefined && failures.reusable) slot.failures = failures.failures;
    return failures.failures;
  }

  /** Failures made afresh (from a template, the leaves' values, or explainCompiled), and whether another event with the same key may reuse them. */
  private explain(r: number, compiled: CompiledPattern, event: object, shape: MissShape, miss: MissContext): { failures: PatternFailure[]; reusable: boolean } {
    const { values } = miss;
    const kind = shape.complex ? undefined : templateKeyOf(r, shape, miss);
    const template = kind === undefined ? undefined : this.templates.get(kind);
    const filled = template === undefined ? undefined : fill(template, shape, values);
    if (filled !== undefined) {
      return { failures: filled, reusable: true };
    }
    const cheap = shape.complex ? undefined : leafFailures(shape, event, values);
    const failures = boundFailures(cheap ?? explainCompiled(compiled, event).failures);
    // Whether a proposed fix is kept depends on the whole event (it must re-test as a match): never reused.
    if (cheap === undefined && !shape.complex) return { failures, reusable: false };
    withFailuresJson(failures);
    if (kind !== undefined) {
      const made = makeTemplate(failures, shape, values);
      if (made !== undefined && (template === undefined || reach(made) > reach(template))) {
        if (this.templates.size >= MAX_TEMPLATES) this.templates.clear();
        this.templates.set(kind, made);
      }
    }
    return { failures, reusable: true };
  }
}

/** The miss being explained: its event's values, its shape (worked out when asked), its missing fields' parents. */
class LoadedMiss implements MissContext {
  values!: EventValues;
  detailType: string | undefined;
  source: string | undefined;
  private event!: object;
  private classes!: RuleFailureClasses;
  private results!: LeafResults;
  private missShape: MissShape | undefined;
  /** Per path id: the event (LeafResults epoch) its parent's keys were read for, and them. */
  private parentEpoch = new Int32Array(64);
  private parentText: Array<string | undefined> = [];
  private lastParent: object | undefined;
  private lastParentEpoch = -1;
  private lastParentDepth = -1;
  private tailsEpoch = -1;
  private tails = new Set<string>();
  private readonly wantedTails = new Set<string>();
  private lastParentKeys = '';

  load(event: object, classes: RuleFailureClasses, values: EventValues, results: LeafResults): void {
    this.event = event;
    this.classes = classes;
    this.values = values;
    this.results = results;
    this.missShape = undefined;
    const { 'detail-type': detailType, source } = event as Record<string, unknown>;
    this.detailType = typeof detailType === 'string' ? detailType : undefined;
    this.source = typeof source === 'string' ? source : undefined;
  }

  shape(): MissShape {
    return (this.missShape ??= this.classes.missShape(this.values, this.results));
  }

  /**
   * The keys of the deepest object on the way to the leaf's path (where a
   * missing field would be), as far as a missing field's hint names them:
   * the first few, and how many there are. Read once per event and path
   * (and per parent object: several missing fields often share one).
   */
  parentKeys(leaf: LeafCheck): string | undefined {
    const id = leaf.pathId;
    if (id >= this.parentEpoch.length) {
      const grown = new Int32Array(2 * id + 2);
      grown.set(this.parentEpoch);
      this.parentEpoch = grown;
    }
    const epoch = this.results.epoch;
    if (this.parentEpoch[id] !== epoch) {
      this.parentEpoch[id] = epoch;
      // "Did you mean": a field of that name elsewhere in the event changes the hint.
      this.parentText[id] = this.hasSimilarityTail(leaf.similarityTail, epoch) ? undefined : this.readParentKeys(leaf.segments, epoch);
    }
    return this.parentText[id];
  }

  /** Whether the event has a path with this tail (then "did you mean" may name it), read once per event for every tail asked so far. */
  private hasSimilarityTail(tail: string, epoch: number): boolean {
    if (!this.wantedTails.has(tail)) {
      this.wantedTails.add(tail);
      this.tailsEpoch = -1;
    }
    if (this.tailsEpoch !== epoch) {
      this.tailsEpoch = epoch;
      this.tails = similarityTailsIn(this.event, this.wantedTails);
    }
    return this.tails.has(tail);
  }

  private readParentKeys(segments: readonly string[], epoch: number): string | undefined {
    let node: Record<string, unknown> = this.event as Record<string, unknown>;
    let depth = 0;
    for (const segment of segments) {
      // (an array on the way: the hint names the keys of all its objects)
      if (Array.isArray(node)) return undefined;
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (next === undefined) break;
      // A value on the way: the field's parent exists and holds no keys (a string `detail` gets its own hint).
      if (next === null || typeof next !== 'object') return depth === 0 && segment === 'detail' && typeof next === 'string' ? undefined : `${depth + 1}=`;
      node = next as Record<string, unknown>;
      depth++;
    }
    if (depth === segments.length) return undefined;
    if (node === this.lastParent && depth === this.lastParentDepth && this.lastParentEpoch === epoch) return this.lastParentKeys;
    let key = `${depth}:`;
    let count = 0;
    for (const k in node) {
      if (!Object.hasOwn(node, k)) continue;
      if (count++ < MISSING_FIELD_NAMED_KEYS) key += `${k}\u0002`;
    }
    this.lastParent = node;
    this.lastParentDepth = depth;
    this.lastParentEpoch = epoch;
    this.lastParentKeys = count > MISSING_FIELD_NAMED_KEYS ? `${key}+${count}` : key;
    return this.lastParentKeys;
  }
}

/**
 * Failures of one miss whose hints quote each failing value once (whole, or
 * shortened as `show` does) and propose no fix: another event with values of
 * the same kinds at the same leaves gets the same sentences with its own
 * values put in, and the same JSON text with its values put in.
 */
interface Template {
  failures: PatternFailure[];
  /** Per failure: how its hint quotes the value (undefined: a missing field, nothing quoted). */
  quoted: Array<Quote | undefined>;
  /** The failures' JSON, cut where each quoted value goes: text, slot, text, slot, ..., text. */
  json: string[];
  /** Per slot in `json`: the failure it belongs to, and whether it is the `actual` list (else the hint's quote). */
  slots: Array<{ failure: number; actual: boolean }>;
}

interface Quote {
  /** The text quoted in the template's hint. */
  text: string;
  /** The length beyond which `show` shortened the value (known only when it did). */
  max?: number;
  /** The hint before and after the quote. */
  before: string;
  after: string;
}

/**
 * Longest value (as JSON) a template is made for or filled with (well under
 * the bound on `actual`, so the value is kept whole there). A hint that
 * quoted its value whole is filled only with values no longer than that
 * one; one that shortened it says where, and takes any.
 */
const MAX_TEMPLATED_VALUE = 200;
/** Longer hints may have been cut by boundFailures: not templated. */
const MAX_TEMPLATED_HINT = 2 * MAX_SHOWN_VALUE_CHARS - MAX_TEMPLATED_VALUE;

/** Lengths at which hints shorten a quoted value (`show`'s default and `listOf`'s). */
const SHOW_LIMITS = [60, 80];

function singleValue(shape: MissShape, i: number, values: EventValues): Scalar | undefined {
  const { leaf } = shape.leaves[i]!;
  const more = values.more === null ? undefined : values.more[leaf.pathId];
  if (more !== undefined) return undefined;
  return values.first[leaf.pathId];
}

function quoteIn(hint: string, json: string): Quote | undefined {
  let parts = hint.split(json);
  if (parts.length === 2) return { text: json, before: parts[0]!, after: parts[1]! };
  for (const max of SHOW_LIMITS) {
    if (json.length <= max) continue;
    const text = `${json.slice(0, max - 1)}…`;
    parts = hint.split(text);
    if (parts.length === 2) return { text, max, before: parts[0]!, after: parts[1]! };
  }
  return undefined;
}

/** The text a hint made like the template's quotes for a value whose JSON is `json`; undefined when that is not known. */
function requote(quote: Quote, json: string): string | undefined {
  if (quote.max !== undefined) return json.length > quote.max ? `${json.slice(0, quote.max - 1)}…` : json;
  return json.length > quote.text.length ? undefined : json;
}

const placeholder = (i: number, actual: boolean) => `\u0000${actual ? 'a' : 'h'}${i}\u0000`;

function makeTemplate(failures: PatternFailure[], shape: MissShape, values: EventValues): Template | undefined {
  if (failures.length !== shape.leaves.length) return undefined;
  const quoted: Array<Quote | undefined> = [];
  const marked: PatternFailure[] = [];
  for (let i = 0; i < failures.length; i++) {
    const f = failures[i]!;
    if (f.fix !== undefined || f.branches !== undefined || f.hint.length > MAX_TEMPLATED_HINT) return undefined;
    if (shape.leaves[i]!.code === 'missing-field') {
      quoted.push(undefined);
      marked.push(f);
      continue;
    }
    const v = singleValue(shape, i, values);
    if (v === undefined || shape.leaves[i]!.code === 'object-value') return undefined;
    const json = JSON.stringify(v);
    const quote = json.length > MAX_TEMPLATED_VALUE ? undefined : quoteIn(f.hint, json);
    if (quote === undefined) return undefined;
    quoted.push(quote);
    marked.push({ ...f, actual: [placeholder(i, true)], hint: quote.before + placeholder(i, false) + quote.after });
  }
  const json: string[] = [];
  const slots: Template['slots'] = [];
  const text = JSON.stringify(marked);
  let at = 0;
  for (const match of text.matchAll(/\["\\u0000a(\d+)\\u0000"\]|\\u0000h(\d+)\\u0000/g)) {
    json.push(text.slice(at, match.index!));
    slots.push({ failure: Number(match[1] ?? match[2]), actual: match[1] !== undefined });
    at = match.index! + match[0].length;
  }
  json.push(text.slice(at));
  // (an event's own text that looks like a placeholder)
  if (slots.length !== 2 * quoted.filter((q) => q !== undefined).length) return undefined;
  return { failures, quoted, json, slots };
}

/** How many values a template takes whole: one that quotes more (or any length) replaces one that quotes less. */
function reach(template: Template): number {
  let n = 0;
  for (const q of template.quoted) if (q !== undefined) n += q.max !== undefined ? MAX_TEMPLATED_VALUE : q.text.length;
  return n;
}

function fill(template: Template, shape: MissShape, values: EventValues): PatternFailure[] | undefined {
  const out: PatternFailure[] = [];
  const jsons: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < template.failures.length; i++) {
    const f = template.failures[i]!;
    const quote = template.quoted[i];
    if (quote === undefined) {
      out.push(f);
      continue;
    }
    const v = singleValue(shape, i, values);
    if (v === undefined) return undefined;
    const json = JSON.stringify(v);
    const text = json.length > MAX_TEMPLATED_VALUE ? undefined : requote(quote, json);
    if (text === undefined) return undefined;
    out.push({ ...f, actual: [v], hint: quote.before + text + quote.after });
    jsons[i] = json;
    texts[i] = text;
  }
  let json = template.json[0]!;
  for (let k = 0; k < template.slots.length; k++) {
    const { failure, actual } = template.slots[k]!;
    json += (actual ? `[${jsons[failure]!}]` : JSON.stringify(texts[failure]!).slice(1, -1)) + template.json[k + 1]!;
  }
  return withFailuresJson(out, json);
}

function templateKeyOf(r: number, shape: MissShape, miss: MissContext): string | undefined {
  if (miss.detailType === undefined || miss.source === undefined) return undefined;
  let key = `${r}\u0001${miss.detailType}\u0001${miss.source}\u0001${shape.classes.join(',')}`;
  for (const leaf of shape.failingLeaves) {
    const first = miss.values.first[leaf.pathId];
    if (first === undefined) {
      const parent = miss.parentKeys(leaf);
      if (parent === undefined) return undefined;
      key += `\u0001${leaf.pathId}\u0003${parent}`;
    } else key += `\u0001${leaf.pathId}:${valueKind(first)}`;
    if (key.length > MAX_KEY_CHARS) return undefined;
  }
  return key;
}

const NUMERIC_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * The kind of a value, as finely as hints tell values apart: a string that
 * reads as a number, a date, a boolean or nothing gets other advice (a type
 * fix) than one that does not.
 */
function valueKind(v: Scalar): string {
  if (typeof v !== 'string') return v === null ? 'null' : typeof v;
  if (v.trim() === '') return 'blank';
  if (NUMERIC_TEXT.test(v) || /^\s*[-+]?(infinity|0x|0b|0o)/i.test(v)) return 'numeric';
  if (ISO_DATE.test(v)) return 'date';
  return v === 'true' || v === 'false' ? 'boolean' : 'string';
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
