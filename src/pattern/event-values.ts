/**
 * The values of one event at the paths a rule set uses, gathered in one walk
 * that follows only the rule set's path trie (one small array per event; the
 * per-path bookkeeping is reused from event to event). Same collection
 * rules as `flattenEvent`: scalars only, arrays flattened at any depth, a
 * repeated key's values (`RepeatedValues`) as values outside any array,
 * dotted keys (`"a.b"`) count as nested fields. Instead of full array
 * membership it records only whether a path got a value from inside an
 * array, which is all a rule set needs to know to decide when the exact
 * array-consistency check must run.
 *
 * Each trie node remembers where every key met there leads (a child, a
 * dotted key's descendant, or nowhere), so a key costs one lookup.
 */
import type { Scalar } from './conditions.js';
import { RepeatedValues } from './event-json.js';
import { MAX_EVENT_DEPTH, type PathTrie } from './flatten.js';

const MAX_KNOWN_KEYS = 4096;
const MAX_REMEMBERED_ORDER = 256;

class Node {
  readonly children: Map<string, Node> | null;
  /**
   * Every key met here so far → where it leads (null: nowhere), dotted keys
   * resolved; bounded. A prototype-less object: looking up an interned key
   * in it is cheaper than in a Map.
   */
  private readonly known: Record<string, Node | null | undefined> = Object.create(null) as Record<string, Node | null | undefined>;
  private knownCount = 0;
  /**
   * The keys of the last object walked here, in order, and where they led:
   * objects of one kind repeat their keys in the same order, and comparing
   * the (interned) key strings is cheaper than a map lookup.
   */
  readonly lastKeys: string[] = [];
  readonly lastTargets: Array<Node | null> = [];

  constructor(
    trie: PathTrie,
    readonly pathId: number,
  ) {
    if (trie.children === null) this.children = null;
    else {
      this.children = new Map();
      for (const [key, child] of trie.children) this.children.set(key, new Node(child, child.pathId));
      for (const [key, child] of this.children) this.remember(key, child);
    }
  }

  /** Where a key leads; remembered, as events repeat the same keys. */
  target(key: string): Node | null {
    const known = this.known[key];
    if (known !== undefined) return known;
    const target = this.resolve(key);
    if (this.knownCount < MAX_KNOWN_KEYS) this.remember(key, target);
    return target;
  }

  private remember(key: string, target: Node | null): void {
    this.known[key] = target;
    this.knownCount++;
  }

  /** The child a key leads to, with dotted keys resolved; null when it leads nowhere. */
  resolve(key: string): Node | null {
    const child = this.children!.get(key);
    if (child !== undefined) return child;
    if (!key.includes('.')) return null;
    let n: Node | undefined = this;
    for (const seg of key.split('.')) {
      n = n.children?.get(seg);
      if (n === undefined) return null;
    }
    return n;
  }
}

export class EventValues {
  /**
   * Per path id: the first value met at that path in this event (undefined:
   * none). A fresh array per event: storing young strings into a long-lived
   * array would cost a write barrier per value.
   */
  first: Array<Scalar | undefined> = [];
  /** Per path id: the values after the first (paths inside arrays); null while no path has more than one. */
  more: Array<Scalar[] | undefined> | null = null;
  private readonly root: Node;
  private readonly pathCount: number;
  private readonly arrayStamp: Uint32Array;
  /** Per path id: stamped when an object (not an array) sits at that path in this event. */
  private readonly objectStamp: Uint32Array;
  /** Stamps `arrayStamp` and `objectStamp` for the event loaded last; wraps (with the stamps cleared) after 2^32 - 1 events. */
  private epoch = 0;
  /** Events loaded so far (identifies the event loaded last; never wraps in practice). */
  loads = 0;
  /** How many paths got a value from inside an array in this event. */
  arrayPathCount = 0;

  constructor(trie: PathTrie, pathCount: number) {
    this.root = new Node(trie, trie.pathId);
    this.pathCount = pathCount;
    this.arrayStamp = new Uint32Array(pathCount);
    this.objectStamp = new Uint32Array(pathCount);
  }

  /** Gathers the event's values. */
  load(event: object): void {
    if (this.epoch === 0xffffffff) {
      this.arrayStamp.fill(0);
      this.objectStamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
    this.loads++;
    this.first = new Array<Scalar | undefined>(this.pathCount);
    this.more = null;
    this.arrayPathCount = 0;
    if (this.root.children !== null) this.walkObject(event as Record<string, unknown>, this.root, false, 1);
  }

  /** Did some value at this path come from inside an array? */
  inArray(pathId: number): boolean {
    return this.arrayStamp[pathId] === this.epoch;
  }

  /** Does an object (within the depth read) sit at this path, where a value may be wanted? */
  hasObject(pathId: number): boolean {
    return this.objectStamp[pathId] === this.epoch;
  }

  private add(pathId: number, value: Scalar, inArray: boolean): void {
    const first = this.first;
    if (first[pathId] === undefined) first[pathId] = value;
    else {
      const more = (this.more ??= []);
      const list = more[pathId];
      if (list === undefined) more[pathId] = [value];
      else list.push(value);
    }
    if (inArray && this.arrayStamp[pathId] !== this.epoch) {
      this.arrayStamp[pathId] = this.epoch;
      this.arrayPathCount++;
    }
  }

  /** `depth`: objects and arrays entered so far; nothing deeper than MAX_EVENT_DEPTH is read (see flatten.ts). */
  private walk(value: unknown, node: Node, inArray: boolean, depth: number): void {
    if (value === null || typeof value !== 'object') {
      if (node.pathId >= 0) this.add(node.pathId, value as Scalar, inArray);
    } else if (depth >= MAX_EVENT_DEPTH) {
      return;
    } else if (Array.isArray(value)) {
      if (value instanceof RepeatedValues) for (let i = 0; i < value.length; i++) this.walk(value[i], node, inArray, depth);
      else for (let i = 0; i < value.length; i++) this.walk(value[i], node, true, depth + 1);
    } else {
      if (node.pathId >= 0) this.objectStamp[node.pathId] = this.epoch;
      if (node.children !== null) this.walkObject(value as Record<string, unknown>, node, inArray, depth + 1);
    }
  }

  /** `node.children` is not null. */
  private walkObject(obj: Record<string, unknown>, node: Node, inArray: boolean, depth: number): void {
    const { lastKeys, lastTargets } = node;
    let i = 0;
    for (const key in obj) {
      let target: Node | null;
      if (i < lastKeys.length && lastKeys[i] === key) target = lastTargets[i]!;
      else {
        target = node.target(key);
        if (i < lastKeys.length) {
          lastKeys[i] = key;
          lastTargets[i] = target;
        } else if (i < MAX_REMEMBERED_ORDER) {
          lastKeys.push(key);
          lastTargets.push(target);
        }
      }
      i++;
      if (target === null) continue;
      const value = obj[key];
      if (value === null || typeof value !== 'object') {
        if (target.pathId >= 0) this.add(target.pathId, value as Scalar, inArray);
      } else this.walk(value, target, inArray, depth);
    }
  }
}
