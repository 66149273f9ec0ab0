/**
 * Event → values per pattern path, in one walk guided by the paths that the
 * compiled patterns use (everything else in the event is skipped). Dotted
 * keys in the event (`"a.b": 1`) count as nested fields; the values of a
 * repeated key (`RepeatedValues`) count as if each stood alone. Every value keeps
 * its array membership (which element of which array it came from) for the
 * array-consistency rule.
 */
import type { Scalar } from './conditions.js';
import { RepeatedValues } from './event-json.js';

/**
 * Objects and arrays nested deeper than this in an event are not read: Jackson
 * (which AWS parses events with) refuses documents nested deeper than 1,000
 * levels, and walking them would overflow the stack. Single-element arrays add
 * no membership level (values from an array's only element never conflict), so
 * long chains of them stay cheap.
 */
export const MAX_EVENT_DEPTH = 1000;

export interface PathTrie {
  children: Map<string, PathTrie> | null;
  /** Index of the path that ends here, or -1. */
  pathId: number;
}

export function newTrie(): PathTrie {
  return { children: null, pathId: -1 };
}

export function addPath(trie: PathTrie, segments: string[], pathId: number): void {
  let node = trie;
  for (const seg of segments) {
    node.children ??= new Map();
    let next = node.children.get(seg);
    if (!next) {
      next = newTrie();
      node.children.set(seg, next);
    }
    node = next;
  }
  node.pathId = pathId;
}

/**
 * Membership: flat list [arrayId, index, arrayId, index, ...] from the outermost
 * array inwards; null when the value is in no array.
 */
export type Membership = number[] | null;

export interface FlatEvent {
  values: Array<Scalar[] | undefined>;
  memberships: Array<Membership[] | undefined>;
}

export function flattenEvent(event: unknown, trie: PathTrie, pathCount: number): FlatEvent {
  const flat: FlatEvent = { values: new Array(pathCount), memberships: new Array(pathCount) };
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return flat;
  let arrayIds = 0;
  const walk = (value: unknown, node: PathTrie, membership: Membership, depth: number): void => {
    if (value === null || typeof value !== 'object') {
      const id = node.pathId;
      if (id < 0) return;
      const list = flat.values[id];
      if (list) {
        list.push(value as Scalar);
        flat.memberships[id]!.push(membership);
      } else {
        flat.values[id] = [value as Scalar];
        flat.memberships[id] = [membership];
      }
      return;
    }
    if (depth >= MAX_EVENT_DEPTH) return;
    if (Array.isArray(value)) {
      if (value instanceof RepeatedValues) {
        for (let i = 0; i < value.length; i++) walk(value[i], node, membership, depth);
        return;
      }
      if (value.length === 1) {
        walk(value[0], node, membership, depth + 1);
        return;
      }
      const arrayId = ++arrayIds;
      for (let i = 0; i < value.length; i++) {
        walk(value[i], node, membership ? [...membership, arrayId, i] : [arrayId, i], depth + 1);
      }
      return;
    }
    const children = node.children;
    if (!children) return;
    const obj = value as Record<string, unknown>;
    for (const key in obj) {
      const child = children.get(key);
      if (child) walk(obj[key], child, membership, depth + 1);
      else if (key.includes('.')) {
        let n: PathTrie | undefined = node;
        for (const seg of key.split('.')) {
          n = n.children?.get(seg);
          if (!n) break;
        }
        if (n) walk(obj[key], n, membership, depth + 1);
      }
    }
  };
  walk(event, trie, null, 0);
  return flat;
}

/** Two values may be used together unless they come from different elements of the same array. */
export function consistent(a: Membership, b: Membership): boolean {
  if (a === null || b === null) return true;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 2) {
    if (a[i] !== b[i]) return true;
    if (a[i + 1] !== b[i + 1]) return false;
  }
  return true;
}

/**
 * Every raw value at a path, objects included, arrays flattened (for explaining
 * what the event holds where a leaf failed).
 */
export function rawValuesAt(event: unknown, segments: string[]): unknown[] {
  const out: unknown[] = [];
  const walk = (value: unknown, i: number, depth: number): void => {
    if (depth >= MAX_EVENT_DEPTH) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, i, depth + 1);
      return;
    }
    if (i === segments.length) {
      out.push(value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    for (const key in obj) {
      if (key === segments[i]) walk(obj[key], i + 1, depth + 1);
      else if (key.includes('.')) {
        const parts = key.split('.');
        if (parts.every((p, k) => segments[i + k] === p)) walk(obj[key], i + parts.length, depth + 1);
      }
    }
  };
  walk(event, 0, 0);
  return out;
}
