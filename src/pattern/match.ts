/**
 * Compile once, match many: a compiled pattern is its DNF branches over
 * numbered paths plus the trie that flattens only those paths of an event.
 */
import { parsePattern, type Leaf, type ParsedPattern } from './compile.js';
import type { Condition, Scalar } from './conditions.js';
import { addPath, consistent, flattenEvent, newTrie, type FlatEvent, type Membership, type PathTrie } from './flatten.js';

export interface CompiledLeaf {
  leaf: Leaf;
  pathId: number;
  conditions: Condition[];
  absentMatches: boolean;
}

export interface CompiledBranch {
  leaves: CompiledLeaf[];
  /**
   * When an absence leaf shares its first path segment (so possibly an array)
   * with another leaf: the leaves in event-ruler's order (sorted by path), for
   * `orderedBranchMatches`. Undefined otherwise.
   */
  ordered?: CompiledLeaf[];
}

export interface CompiledPattern {
  readonly parsed: ParsedPattern;
  readonly branches: CompiledBranch[];
  readonly trie: PathTrie;
  readonly pathIds: Map<string, number>;
}

/** Numbered paths shared by several patterns (one trie for a whole rule set). */
export class PathTable {
  readonly trie = newTrie();
  readonly ids = new Map<string, number>();
  idOf(leaf: Leaf): number {
    let id = this.ids.get(leaf.path);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(leaf.path, id);
      addPath(this.trie, leaf.segments, id);
    }
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

export function compileBranches(parsed: ParsedPattern, table: PathTable): CompiledBranch[] {
  const compileLeaf = (leaf: Leaf): CompiledLeaf => ({
    leaf,
    pathId: table.idOf(leaf),
    conditions: leaf.conditions,
    absentMatches: leaf.absentMatches,
  });
  // Tree leaves too (a duplicate key may hide one from the DNF), so explain can see their values.
  const walk = (entries: ParsedPattern['entries']): void => {
    for (const e of entries) {
      if (e.kind === 'leaf') table.idOf(e.leaf);
      else e.branches.forEach(walk);
    }
  };
  walk(parsed.entries);
  return parsed.branches.map((b) => {
    const leaves = [...b.values()].map(compileLeaf);
    return absenceMayShareArray(leaves) ? { leaves, ordered: [...leaves].sort(byPath) } : { leaves };
  });
}

function firstSegment(leaf: CompiledLeaf): string {
  const dot = leaf.leaf.path.indexOf('.');
  return dot < 0 ? leaf.leaf.path : leaf.leaf.path.slice(0, dot);
}

/** Two paths can only take values from one array when they share a first segment (the event itself is an object). */
function absenceMayShareArray(leaves: CompiledLeaf[]): boolean {
  return leaves.some((a) => a.absentMatches && leaves.some((b) => b !== a && firstSegment(b) === firstSegment(a)));
}

/** Java's String order (UTF-16 code units), as event-ruler sorts a rule's field names. */
function byPath(a: CompiledLeaf, b: CompiledLeaf): number {
  return a.leaf.path < b.leaf.path ? -1 : a.leaf.path > b.leaf.path ? 1 : 0;
}

export function compilePattern(pattern: string | object): CompiledPattern {
  const parsed = parsePattern(pattern);
  const table = new PathTable();
  const branches = compileBranches(parsed, table);
  return { parsed, branches, trie: table.trie, pathIds: table.ids };
}

export function conditionsMatchValue(conditions: Condition[], value: Scalar): boolean {
  for (let i = 0; i < conditions.length; i++) if (conditions[i]!.test(value)) return true;
  return false;
}

/** Memberships of the values that satisfy the leaf; [] when satisfied by absence; undefined when not satisfied. */
function leafMatches(leaf: CompiledLeaf, flat: FlatEvent): Membership[] | 'free' | undefined {
  const values = flat.values[leaf.pathId];
  if (values === undefined) return leaf.absentMatches ? 'free' : undefined;
  const memberships = flat.memberships[leaf.pathId]!;
  let picked: Membership[] | undefined;
  for (let i = 0; i < values.length; i++) {
    if (!conditionsMatchValue(leaf.conditions, values[i]!)) continue;
    const m = memberships[i]!;
    if (m === null) return 'free';
    (picked ??= []).push(m);
  }
  return picked;
}

function findConsistent(options: Membership[][], k: number, chosen: Membership[]): boolean {
  if (k === options.length) return true;
  for (const m of options[k]!) {
    if (chosen.every((c) => consistent(c, m))) {
      chosen.push(m);
      if (findConsistent(options, k + 1, chosen)) return true;
      chosen.pop();
    }
  }
  return false;
}

export function branchMatches(branch: CompiledBranch, flat: FlatEvent): boolean {
  if (branch.ordered !== undefined) return orderedBranchMatches(branch.ordered, flat);
  let constrained: Membership[][] | undefined;
  for (const leaf of branch.leaves) {
    const r = leafMatches(leaf, flat);
    if (r === undefined) return false;
    if (r !== 'free') (constrained ??= []).push(r);
  }
  if (constrained === undefined || constrained.length < 2) return true;
  return findConsistent(constrained, 0, []);
}

/**
 * event-ruler's ACFinder: the leaves in sorted path order, each value
 * consistent with the values chosen for the leaves before it; an absence leaf
 * (`NameState.getNameTransitions(event, membership)`) holds when no value at
 * its path is consistent with those, and adds no membership of its own.
 */
function orderedBranchMatches(leaves: CompiledLeaf[], flat: FlatEvent): boolean {
  // Per leaf k: the arrays that values of leaves k.. sit in. Only the chosen elements of those arrays can decide
  // the rest of the walk, so a state that failed once (same k, same elements of them) is not walked again.
  const arraysFrom: Array<Set<number>> = new Array(leaves.length + 1);
  arraysFrom[leaves.length] = new Set();
  for (let k = leaves.length - 1; k >= 0; k--) {
    const arrays = new Set(arraysFrom[k + 1]);
    for (const m of flat.memberships[leaves[k]!.pathId] ?? []) if (m !== null) for (let i = 0; i < m.length; i += 2) arrays.add(m[i]!);
    arraysFrom[k] = arrays;
  }
  const byOuter = leaves.map((leaf) => valuesByOuterElement(flat.memberships[leaf.pathId]));
  const failed = new Set<string>();
  const chosen: Membership[] = [];
  const stateKey = (k: number): string => {
    const pairs: string[] = [];
    for (const c of chosen) for (let i = 0; i < c!.length; i += 2) if (arraysFrom[k]!.has(c![i]!)) pairs.push(`${c![i]}:${c![i + 1]}`);
    return `${k}|${pairs.sort().join(',')}`;
  };
  const walk = (k: number): boolean => {
    if (k === leaves.length) return true;
    const key = stateKey(k);
    if (failed.has(key)) return false;
    if (leafHolds(k)) return true;
    failed.add(key);
    return false;
  };
  const leafHolds = (k: number): boolean => {
    const leaf = leaves[k]!;
    const values = flat.values[leaf.pathId];
    if (values === undefined) return leaf.absentMatches && walk(k + 1);
    const memberships = flat.memberships[leaf.pathId]!;
    let present = false;
    for (const i of candidates(byOuter[k]!, chosen)) {
      const m = memberships[i]!;
      if (!chosen.every((c) => consistent(c, m))) continue;
      present = true;
      if (!conditionsMatchValue(leaf.conditions, values[i]!)) continue;
      if (m === null) {
        if (walk(k + 1)) return true;
        continue;
      }
      chosen.push(m);
      const held = walk(k + 1);
      chosen.pop();
      if (held) return true;
    }
    return leaf.absentMatches && !present && walk(k + 1);
  };
  return walk(0);
}

/** A path's value indexes by the outermost array element they sit in (`free`: in no array). */
interface OuterIndex {
  free: number[];
  arrays: Map<number, Map<number, number[]>>;
}

function valuesByOuterElement(memberships: Membership[] | undefined): OuterIndex {
  const index: OuterIndex = { free: [], arrays: new Map() };
  (memberships ?? []).forEach((m, i) => {
    if (m === null) {
      index.free.push(i);
      return;
    }
    let elements = index.arrays.get(m[0]!);
    if (elements === undefined) index.arrays.set(m[0]!, (elements = new Map()));
    const list = elements.get(m[1]!);
    if (list === undefined) elements.set(m[1]!, [i]);
    else list.push(i);
  });
  return index;
}

/** The value indexes that may be consistent with the chosen memberships: an outer array some of them pins offers one element. */
function* candidates(index: OuterIndex, chosen: Membership[]): Generator<number> {
  yield* index.free;
  for (const [arrayId, elements] of index.arrays) {
    let pinned: number | undefined;
    for (const c of chosen) {
      for (let i = 0; i < c!.length && pinned === undefined; i += 2) if (c![i] === arrayId) pinned = c![i + 1];
      if (pinned !== undefined) break;
    }
    if (pinned !== undefined) yield* elements.get(pinned) ?? [];
    else for (const list of elements.values()) yield* list;
  }
}

export function leafMatchesAlone(leaf: CompiledLeaf, flat: FlatEvent): boolean {
  return leafMatches(leaf, flat) !== undefined;
}

export function flattenFor(compiled: CompiledPattern, event: unknown): FlatEvent {
  return flattenEvent(event, compiled.trie, compiled.pathIds.size);
}

/** Does the (parsed) event match? Never throws; a non-object event never matches. */
export function matches(compiled: CompiledPattern, event: unknown): boolean {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
  const flat = flattenFor(compiled, event);
  for (const b of compiled.branches) if (branchMatches(b, flat)) return true;
  return false;
}
