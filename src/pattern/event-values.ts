/**
 * The values of one event at the paths a rule set uses, gathered in one walk
 * that follows only the rule set's path trie, into buffers reused from event
 * to event (no allocation per event once they have grown). Same collection
 * rules as `flattenEvent`: scalars only, arrays flattened at any depth,
 * dotted keys (`"a.b"`) count as nested fields. Instead of full array
 * membership it records only whether a path got a value from inside an
 * array, which is all a rule set needs to know to decide when the exact
 * array-consistency check must run.
 */
import type { Scalar } from './conditions.js';
import type { PathTrie } from './flatten.js';

export class EventValues {
  /** Per path: its values in this event (first `countAt(path)` entries are valid). */
  readonly values: Scalar[][];
  private readonly count: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly arrayStamp: Uint32Array;
  private epoch = 0;

  constructor(
    private readonly trie: PathTrie,
    pathCount: number,
  ) {
    this.values = Array.from({ length: pathCount }, () => []);
    this.count = new Int32Array(pathCount);
    this.stamp = new Uint32Array(pathCount);
    this.arrayStamp = new Uint32Array(pathCount);
  }

  /** Gathers the event's values; `epoch` must differ from every earlier call's (see `resetStamps`). */
  load(event: object, epoch: number): void {
    this.epoch = epoch;
    walkObject(this, event as Record<string, unknown>, this.trie, false);
  }

  resetStamps(): void {
    this.stamp.fill(0);
    this.arrayStamp.fill(0);
  }

  countAt(pathId: number): number {
    return this.stamp[pathId] === this.epoch ? this.count[pathId]! : 0;
  }

  /** Did some value at this path come from inside an array? */
  inArray(pathId: number): boolean {
    return this.arrayStamp[pathId] === this.epoch;
  }

  add(pathId: number, value: Scalar, inArray: boolean): void {
    const epoch = this.epoch;
    if (this.stamp[pathId] !== epoch) {
      this.stamp[pathId] = epoch;
      this.count[pathId] = 1;
      this.values[pathId]![0] = value;
    } else {
      this.values[pathId]![this.count[pathId]++] = value;
    }
    if (inArray) this.arrayStamp[pathId] = epoch;
  }
}

function walk(out: EventValues, value: unknown, node: PathTrie, inArray: boolean): void {
  if (value === null || typeof value !== 'object') {
    if (node.pathId >= 0) out.add(node.pathId, value as Scalar, inArray);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(out, value[i], node, true);
  } else if (node.children !== null) {
    walkObject(out, value as Record<string, unknown>, node, inArray);
  }
}

function walkObject(out: EventValues, obj: Record<string, unknown>, node: PathTrie, inArray: boolean): void {
  const children = node.children;
  if (children === null) return;
  for (const key in obj) {
    const child = children.get(key);
    if (child !== undefined) walk(out, obj[key], child, inArray);
    else if (key.includes('.')) {
      const target = dottedChild(node, key);
      if (target !== undefined) walk(out, obj[key], target, inArray);
    }
  }
}

function dottedChild(node: PathTrie, key: string): PathTrie | undefined {
  let n: PathTrie | undefined = node;
  for (const seg of key.split('.')) {
    n = n.children?.get(seg);
    if (n === undefined) return undefined;
  }
  return n;
}
