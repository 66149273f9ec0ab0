import { HyperLogLog, hashNumber, hashString } from './hll.js';
import { redactValue } from './redact.js';
import { VALUE_TYPES, type CoverageOptions, type CoverageResult, type FieldCoverage, type TopicCoverage } from './types.js';

export const NO_DETAIL_TYPE = '(no detail-type)';

const TYPE_BIT = [1, 2, 4, 8, 16, 32]; // indexes as VALUE_TYPES: string, number, boolean, null, object, array
const STRING = 0;
const NUMBER = 1;
const BOOLEAN = 2;
const NULL = 3;
const OBJECT = 4;
const ARRAY = 5;
const NON_NULL_BIT = 64;
const EMPTY_BIT = 128;
/** Strings longer than this are kept in the exact set as a hash, not as text (bounds memory). */
const LONG_VALUE = 128;

/** One field path of one topic; children form a trie so paths are built once, not per event. */
class FieldNode {
  children: Map<string, FieldNode> | null = null;
  /** The keys (and their child nodes) of the last object seen here, in order: same-shaped objects skip the map lookups. */
  lastKeys: string[] = [];
  lastChildren: Array<FieldNode | null> = [];
  element: FieldNode | null = null;
  lastEvent = -1;
  flags = 0;
  seen = 0;
  present = 0;
  empty = 0;
  typeCounts = [0, 0, 0, 0, 0, 0];
  strings: Set<string> | null = new Set();
  numbers: Set<number> | null = new Set();
  booleans = 0;
  /** The last string counted exactly: repeated enum values skip the set lookup. */
  lastString: string | null = null;
  hll: HyperLogLog | null = null;
  examples: unknown[] = [];
  /** Occurrences of each string/boolean value while the field looks like an enum (few, short values); null once it does not. */
  valueCounts: Map<string | boolean, number> | null = new Map();

  constructor(readonly path: string) {}
}

class TopicAccumulator {
  events = 0;
  paths = 0;
  root = new FieldNode('');
  dropped = new Set<string>();
}

export interface CoverageAccumulator {
  /** Adds one event (any JSON value; non-objects are counted as skipped). */
  add(event: unknown): void;
  /** Events added so far. */
  readonly count: number;
  /** The statistics so far, JSON-serialisable; may be called more than once. */
  result(): CoverageResult;
}

const STRING_SEED = 0x9e3779b9;
const TRUE_HASH = hashString('true', 0x7f4a7c15);
const FALSE_HASH = hashString('false', 0x7f4a7c15);

/** A long string kept in the exact set by two independent hashes and its length. */
function longKey(value: string): string {
  return `#${value.length}:${hashString(value)}:${hashString(value, 0x27d4eb2f)}`;
}

/** A field with at most this many distinct short string/boolean values gets its value distribution. */
export const ENUM_VALUE_LIMIT = 12;
export const ENUM_VALUE_LENGTH = 64;

function countValue(f: FieldNode, value: string | boolean): void {
  const counts = f.valueCounts;
  if (counts === null) return;
  const n = counts.get(value);
  if (n !== undefined) counts.set(value, n + 1);
  else if (counts.size < ENUM_VALUE_LIMIT && (typeof value === 'boolean' || value.length <= ENUM_VALUE_LENGTH)) counts.set(value, 1);
  else f.valueCounts = null;
}

/** An enum-like field's values with their counts, redacted values merged, most frequent first. */
export function enumValueList(path: string, counts: Iterable<[string | boolean, number]>, redact: boolean): NonNullable<FieldCoverage['values']> {
  const merged = new Map<string | boolean, number>();
  for (const [value, count] of counts) {
    const shown = redact ? (redactValue(path, value) as string | boolean) : value;
    merged.set(shown, (merged.get(shown) ?? 0) + count);
  }
  return [...merged].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
}

/** Streaming field-coverage statistics, per detail-type, in bounded memory. */
export function createCoverage(options: CoverageOptions = {}): CoverageAccumulator {
  const exactLimit = options.exactLimit ?? 1000;
  const precision = options.hllPrecision ?? 12;
  const exampleCount = options.examples ?? 3;
  const maxPaths = options.maxPathsPerTopic ?? 2000;
  const redact = options.redact === true;
  const topicFilter = options.topics && options.topics.length > 0 ? new Set(options.topics) : undefined;
  const topics = new Map<string, TopicAccumulator>();
  let events = 0;
  let skipped = 0;
  let eventSeq = 0;
  let topic: TopicAccumulator;

  function newNode(path: string): FieldNode | null {
    if (topic.paths >= maxPaths) {
      if (topic.dropped.size < 100_000) topic.dropped.add(path);
      return null;
    }
    topic.paths++;
    return new FieldNode(path);
  }

  function child(parent: FieldNode, key: string): FieldNode | null {
    let children = parent.children;
    if (children === null) children = parent.children = new Map();
    let node = children.get(key);
    if (node === undefined) {
      const created = newNode(parent.path === '' ? key : parent.path + '.' + key);
      if (created === null) return null;
      children.set(key, created);
      node = created;
    }
    return node;
  }

  function elementOf(parent: FieldNode): FieldNode | null {
    if (parent.element === null) parent.element = newNode(parent.path + '[]');
    return parent.element;
  }

  function mark(f: FieldNode, type: number, empty: boolean): void {
    if (f.lastEvent !== eventSeq) {
      f.lastEvent = eventSeq;
      f.flags = 0;
      f.seen++;
    }
    const bit = TYPE_BIT[type]!;
    if ((f.flags & bit) === 0) {
      f.flags |= bit;
      f.typeCounts[type]!++;
    }
    if (type !== NULL && (f.flags & NON_NULL_BIT) === 0) {
      f.flags |= NON_NULL_BIT;
      f.present++;
    }
    if (empty && (f.flags & EMPTY_BIT) === 0) {
      f.flags |= EMPTY_BIT;
      f.empty++;
    }
  }

  function exactSize(f: FieldNode): number {
    return f.strings!.size + f.numbers!.size + (f.booleans & 1) + ((f.booleans >> 1) & 1);
  }

  function toHll(f: FieldNode): HyperLogLog {
    const hll = new HyperLogLog(precision);
    for (const s of f.strings!) hll.addHash(hashString(s, STRING_SEED));
    for (const n of f.numbers!) hll.addHash(hashNumber(n));
    if (f.booleans & 1) hll.addHash(FALSE_HASH);
    if (f.booleans & 2) hll.addHash(TRUE_HASH);
    f.strings = null;
    f.numbers = null;
    f.hll = hll;
    return hll;
  }

  /** The value distribution of an enum-like field (numbers never count as one), redacted like the examples. */
  function enumValues(f: FieldNode): Pick<FieldCoverage, 'values'> {
    if (f.valueCounts === null || f.valueCounts.size === 0 || f.typeCounts[NUMBER]! > 0) return {};
    return { values: enumValueList(f.path, f.valueCounts, redact) };
  }

  function addExample(f: FieldNode, value: string | number | boolean): void {
    if (f.examples.length < exampleCount) f.examples.push(redact ? redactValue(f.path, value) : value);
  }

  function distinctString(f: FieldNode, value: string): void {
    if (f.hll !== null) {
      f.hll.addHash(hashString(value.length > LONG_VALUE ? longKey(value) : value, STRING_SEED));
      return;
    }
    if (value === f.lastString) return;
    const key = value.length > LONG_VALUE ? longKey(value) : value;
    const set = f.strings!;
    if (set.has(key)) {
      f.lastString = value;
      return;
    }
    if (exactSize(f) >= exactLimit) toHll(f).addHash(hashString(key, STRING_SEED));
    else {
      set.add(key);
      f.lastString = value;
      addExample(f, value);
    }
  }

  function distinctNumber(f: FieldNode, value: number): void {
    if (f.hll !== null) {
      f.hll.addHash(hashNumber(value));
      return;
    }
    const set = f.numbers!;
    if (set.has(value)) return;
    if (exactSize(f) >= exactLimit) toHll(f).addHash(hashNumber(value));
    else {
      set.add(value);
      addExample(f, value);
    }
  }

  function distinctBoolean(f: FieldNode, value: boolean): void {
    const bit = value ? 2 : 1;
    if (f.hll !== null) {
      f.hll.addHash(value ? TRUE_HASH : FALSE_HASH);
      return;
    }
    if (f.booleans & bit) return;
    if (exactSize(f) >= exactLimit) toHll(f).addHash(value ? TRUE_HASH : FALSE_HASH);
    else {
      f.booleans |= bit;
      addExample(f, value);
    }
  }

  function visit(f: FieldNode, value: unknown): void {
    if (value === null) {
      mark(f, NULL, false);
      return;
    }
    switch (typeof value) {
      case 'string':
        mark(f, STRING, value === '');
        countValue(f, value);
        distinctString(f, value);
        return;
      case 'number':
        mark(f, NUMBER, false);
        distinctNumber(f, value);
        return;
      case 'boolean':
        mark(f, BOOLEAN, false);
        countValue(f, value);
        distinctBoolean(f, value);
        return;
      case 'object': {
        if (Array.isArray(value)) {
          mark(f, ARRAY, value.length === 0);
          if (value.length > 0) {
            const element = elementOf(f);
            if (element !== null) for (let i = 0; i < value.length; i++) visit(element, value[i]);
          }
          return;
        }
        visitObject(f, value as Record<string, unknown>, false);
        return;
      }
      default:
        return;
    }
  }

  function visitObject(f: FieldNode, record: Record<string, unknown>, root: boolean): void {
    const keys = f.lastKeys;
    const children = f.lastChildren;
    let i = 0;
    for (const key in record) {
      let c: FieldNode | null;
      if (i < keys.length && keys[i] === key) c = children[i]!;
      else {
        c = child(f, key);
        keys[i] = key;
        children[i] = c;
      }
      i++;
      if (c !== null) visit(c, record[key]);
    }
    if (keys.length > i) {
      keys.length = i;
      children.length = i;
    }
    if (!root) mark(f, OBJECT, i === 0);
  }

  function collect(node: FieldNode, out: FieldNode[]): void {
    if (node.path !== '') out.push(node);
    if (node.children) for (const c of node.children.values()) collect(c, out);
    if (node.element) collect(node.element, out);
  }

  return {
    get count() {
      return events;
    },
    add(event: unknown): void {
      if (event === null || typeof event !== 'object' || Array.isArray(event)) {
        skipped++;
        return;
      }
      const record = event as Record<string, unknown>;
      const detailType = typeof record['detail-type'] === 'string' ? (record['detail-type'] as string) : NO_DETAIL_TYPE;
      if (topicFilter && !topicFilter.has(detailType)) return;
      let t = topics.get(detailType);
      if (t === undefined) {
        t = new TopicAccumulator();
        topics.set(detailType, t);
      }
      topic = t;
      events++;
      eventSeq++;
      t.events++;
      visitObject(t.root, record, true);
    },
    result(): CoverageResult {
      const out: TopicCoverage[] = [];
      for (const [detailType, t] of [...topics].sort((a, b) => compare(a[0], b[0]))) {
        const fields: FieldCoverage[] = [];
        const nodes: FieldNode[] = [];
        collect(t.root, nodes);
        for (const f of nodes.sort((a, b) => compare(a.path, b.path))) {
          const types: FieldCoverage['types'] = {};
          VALUE_TYPES.forEach((type, i) => {
            if (f.typeCounts[i]! > 0) types[type] = f.typeCounts[i]!;
          });
          fields.push({
            path: f.path,
            present: f.present,
            null: f.seen - f.present,
            absent: t.events - f.seen,
            presence: t.events === 0 ? 0 : f.present / t.events,
            empty: f.empty,
            types,
            distinct: f.hll === null ? { count: exactSize(f), exact: true } : { count: f.hll.estimate(), exact: false },
            examples: [...f.examples],
            ...enumValues(f),
          });
        }
        out.push({ detailType, events: t.events, fields, droppedPaths: t.dropped.size });
      }
      return {
        events,
        skipped,
        topics: out,
        options: { exactLimit, hllPrecision: precision, examples: exampleCount, redacted: redact, maxPathsPerTopic: maxPaths },
        distinctMethod: `exact up to ${exactLimit} distinct values per field, then a HyperLogLog estimate (2^${precision} registers, about ${(104 / Math.sqrt(2 ** precision)).toFixed(1)} % standard error)`,
      };
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Convenience: coverage of an iterable or async iterable of events. */
export async function coverageOf(events: Iterable<unknown> | AsyncIterable<unknown>, options: CoverageOptions = {}): Promise<CoverageResult> {
  const acc = createCoverage(options);
  for await (const item of events as AsyncIterable<unknown>) acc.add(item);
  return acc.result();
}
