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
export function absenceMayShareArray(leaves: CompiledLeaf[]): boolean {
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
  if (branch.ordered !== undefined) return orderedBranchMatches(branch.ordered, 0, flat, []);
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
function orderedBranchMatches(leaves: CompiledLeaf[], k: number, flat: FlatEvent, chosen: Membership[]): boolean {
  if (k === leaves.length) return true;
  const leaf = leaves[k]!;
  const values = flat.values[leaf.pathId];
  if (values === undefined) return leaf.absentMatches && orderedBranchMatches(leaves, k + 1, flat, chosen);
  const memberships = flat.memberships[leaf.pathId]!;
  let present = false;
  for (let i = 0; i < values.length; i++) {
    const m = memberships[i]!;
    if (!chosen.every((c) => consistent(c, m))) continue;
    present = true;
    if (!conditionsMatchValue(leaf.conditions, values[i]!)) continue;
    if (m === null) {
      if (orderedBranchMatches(leaves, k + 1, flat, chosen)) return true;
      continue;
    }
    chosen.push(m);
    if (orderedBranchMatches(leaves, k + 1, flat, chosen)) return true;
    chosen.pop();
  }
  return leaf.absentMatches && !present && orderedBranchMatches(leaves, k + 1, flat, chosen);
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
