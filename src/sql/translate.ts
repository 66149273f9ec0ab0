/**
 * Rules → one SQL query over the raw event JSON text (column `raw`, plus its
 * `line`), in either dialect. Per row it gives:
 * - `dt`: the event's detail-type ('' when not a string), as the engine reports it;
 * - per rule i: `sure_i` — SQL's translation is exact for this row and says match;
 * - `need`: the row must go to the local engine: it is not a valid EventBridge
 *   event to SQL's eyes, or some rule's SQL is only a superset for it (a superset
 *   condition, array consistency across an array on a path two leaves share), or
 *   the row is irregular for SQL (duplicate or dotted keys on a pattern path,
 *   arrays nested three deep, escaped keys, JSON extensions DuckDB accepts and
 *   JSON.parse does not).
 * Rows with `need` false are decided by SQL alone; the others by the engine.
 * So the verdict counts are always the engine's whenever each EXACT claim
 * holds, which the agreement tests check on the conformance cases.
 *
 * Paths: event arrays are flattened two levels deep at every step (deeper
 * nesting marks the row irregular), as EventBridge flattens them.
 */
import { parsePattern, type Leaf, type ParsedPattern } from '../pattern/compile.js';
import { REQUIRED_EVENT_FIELDS } from '../pattern/api.js';
import { sqlCondition, isScalar } from './conditions.js';
import { LENIENT_JSON_REGEX, sqlString, type Dialect } from './dialect.js';

export interface RuleTranslation {
  name: string;
  /** Every condition of every branch is exact (array consistency may still send rows to the engine). */
  exact: boolean;
  /** Why some condition is only a superset. */
  notes: string[];
  /** Column names in the query. */
  sure: string;
  maybe: string;
  need: string;
}

export interface PatternQuery {
  dialect: Dialect;
  rules: RuleTranslation[];
  /** The query over a relation with columns `raw` (VARCHAR) and `line` (BIGINT). */
  sql(source: string): string;
}

interface Node {
  id: number;
  segments: string[];
  key: string;
  parent: Node | undefined;
  children: Map<string, Node>;
}

class Trie {
  readonly root: Node = { id: -1, segments: [], key: '', parent: undefined, children: new Map() };
  readonly nodes: Node[] = [];
  add(segments: readonly string[]): Node {
    let node = this.root;
    for (const seg of segments) {
      let next = node.children.get(seg);
      if (!next) {
        next = { id: this.nodes.length, segments: [...node.segments, seg], key: seg, parent: node === this.root ? undefined : node, children: new Map() };
        node.children.set(seg, next);
        this.nodes.push(next);
      }
      node = next;
    }
    return node;
  }
  get(segments: readonly string[]): Node {
    let node = this.root;
    for (const seg of segments) node = node.children.get(seg)!;
    return node;
  }
}

const list = (n: Node) => `l${n.id}`;
const single = (n: Node) => `s${n.id}`;
const arrays = (n: Node) => `a${n.id}`;
const deep = (n: Node) => `d${n.id}`;
const guard = (n: Node) => `g${n.id}`;

/** True when `needle` occurs twice or more in `text` (shared SQL). */
function occursTwice(text: string, needle: string): string {
  const n = sqlString(needle);
  return `(strpos(${text}, ${n}) > 0 AND strpos(substr(${text}, strpos(${text}, ${n}) + 1), ${n}) > 0)`;
}

/**
 * An object the SQL engines would read differently from JSON.parse: a key the
 * patterns use written twice (JSON.parse keeps the last, they the first), or a
 * dotted key (`"a.b"` counts as `a` → `b` for EventBridge).
 */
function objectIrregular(o: string, node: Node, keysOf: (o: string) => string): string {
  if (node.children.size === 0) return 'false';
  const names = [...node.children.keys()].map(sqlString).join(', ');
  const picked = `list_filter(ks, k -> k IN (${names}))`;
  return `(left(CAST(${o} AS VARCHAR), 1) = '{' AND list_transform([${keysOf(o)}], ks -> len(${picked}) > len(list_distinct(${picked})) OR coalesce(list_bool_or(list_transform(ks, k -> strpos(k, '.') > 0)), false))[1])`;
}

/** Without an object-keys function: the key written twice anywhere, a dotted key starting with it, or escapes that could hide either. */
function textGuard(n: Node): string {
  const quoted = JSON.stringify(n.key);
  const dotted = n.children.size > 0 ? ` OR strpos(raw, ${sqlString(`${quoted.slice(0, -1)}.`)}) > 0` : '';
  return `(${occursTwice('raw', quoted)}${dotted})`;
}

export interface TranslateRule {
  name: string;
  pattern: unknown;
}

export function translateRules(rules: readonly TranslateRule[], d: Dialect): PatternQuery {
  const parsed = rules.map((r) => ({ name: r.name, parsed: parsePattern(r.pattern as object) }));
  const trie = new Trie();
  for (const p of parsed) for (const branch of p.parsed.branches) for (const leaf of branch.values()) trie.add(leaf.segments);
  const depth = Math.max(0, ...trie.nodes.map((n) => n.segments.length));
  const byDepth = (k: number) => trie.nodes.filter((n) => n.segments.length === k);

  const firstIs = (v: string, ch: string) => `coalesce(${d.firstChar(v)} = '${ch}', false)`;
  const expand = (r: string, suffix: string): string => {
    const e = `e${suffix}`;
    return `CASE WHEN ${r} IS NULL THEN ${d.emptyList()} WHEN ${firstIs(r, '[')} THEN ${d.flatten(
      d.transform(d.elements(r), e, `CASE WHEN ${firstIs(e, '[')} THEN ${d.elements(e)} ELSE ${d.list([e])} END`),
    )} ELSE ${d.list([r])} END`;
  };

  // Layer 0: validity, the root's children (DuckDB reads them all in one parse).
  const rootKeys = [...new Set([...REQUIRED_EVENT_FIELDS, ...trie.root.children.keys()])];
  const layers: string[][] = [];
  const rootChild = new Map<string, string>();
  const suspect = d.regexMatches('raw', LENIENT_JSON_REGEX);
  const l0 = [`${d.jsonValid('raw')} AND NOT ${suspect} AS json_ok`];
  const l1: string[] = [];
  const pointer = (segments: readonly string[]) => segments.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  // DuckDB: every node's value read in one parse (right while no array lies above the node; below one, lists take over).
  const onePass = d.name === 'duckdb';
  if (onePass) {
    const pointers = [...rootKeys.map((k) => pointer([k])), ...trie.nodes.map((n) => pointer(n.segments))];
    l1.push(`CASE WHEN json_ok THEN json_extract(raw, [${pointers.map(sqlString).join(', ')}]) END AS root`);
    rootKeys.forEach((k, i) => rootChild.set(k, `root[${i + 1}]`));
  } else {
    l1.push(`CASE WHEN json_ok THEN json_parse(raw) END AS root`);
    for (const k of rootKeys) rootChild.set(k, d.child('root', k));
  }
  layers.push(l0, l1);
  const required = REQUIRED_EVENT_FIELDS.map((f) => `${rootChild.get(f)} IS NOT NULL`).join(' AND ');
  const dtValue = rootChild.get('detail-type')!;
  const l2 = [
    `coalesce(json_ok AND ${required} AND ${d.regexMatches('raw', '^[ \\t\\r\\n]*[{]')}, false) AS event_ok`,
    `CASE WHEN ${firstIs(dtValue, '"')} THEN ${d.stringOf(dtValue)} ELSE '' END AS dt`,
  ];
  if (onePass) trie.nodes.forEach((n, i) => l2.push(`root[${rootKeys.length + i + 1}] AS ${single(n)}`));
  else for (const n of byDepth(1)) l2.push(`${rootChild.get(n.key)} AS ${single(n)}`);
  if (d.objectKeys) l2.push(`CASE WHEN json_ok THEN coalesce(${objectIrregular('raw', trie.root, d.objectKeys)}, false) ELSE false END AS g_root`);
  else l2.push(`(strpos(raw, '\\u') > 0 OR strpos(raw, '\\/') > 0) AS g_root`);
  layers.push(l2);

  // Per node N: sN its single value while no array lies above it (most rows: read by one JSON
  // extraction per parent), aN whether an array lies at N or above, and only then lN, the list of
  // values with arrays flattened (CASE keeps the list work to the rows that need it).
  for (let k = 1; k <= depth; k++) {
    const nodes = byDepth(k);
    if (k > 1 && !onePass) {
      const pre: string[] = [];
      const layer: string[] = [];
      const parents = new Set(nodes.map((n) => n.parent!));
      for (const p of parents) {
        const kids = [...p.children.values()];
        if (d.name === 'duckdb' && kids.length > 1) {
          const paths = kids.map((c) => sqlString(`/${c.key.replace(/~/g, '~0').replace(/\//g, '~1')}`)).join(', ');
          pre.push(`CASE WHEN NOT ${arrays(p)} THEN json_extract(${single(p)}, [${paths}]) END AS m${p.id}`);
          kids.forEach((c, i) => layer.push(`m${p.id}[${i + 1}] AS ${single(c)}`));
        } else {
          for (const c of kids) layer.push(`CASE WHEN NOT ${arrays(p)} THEN ${d.child(single(p), c.key)} END AS ${single(c)}`);
        }
      }
      if (pre.length > 0) layers.push(pre);
      layers.push(layer);
    }
    layers.push(nodes.map((n) => (k === 1 ? `${firstIs(single(n), '[')} AS ${arrays(n)}` : `(${arrays(n.parent!)} OR ${firstIs(single(n), '[')}) AS ${arrays(n)}`)));
    const layer: string[] = [];
    for (const n of nodes) {
      const p = n.parent;
      const fromList = p ? `CASE WHEN ${arrays(p)} THEN ${d.flatten(d.transform(list(p), 'x', expand(d.child('x', n.key), '2')))} ELSE ${expand(single(n), '3')} END` : expand(single(n), '');
      layer.push(`CASE WHEN ${arrays(n)} THEN ${fromList} END AS ${list(n)}`);
      if (!d.objectKeys) layer.push(`${textGuard(n)} AS ${guard(n)}`);
    }
    layers.push(layer);
    layers.push(nodes.map((n) => `CASE WHEN ${arrays(n)} THEN ${d.any(list(n), 'e', firstIs('e', '['))} ELSE false END AS ${deep(n)}`));
    if (d.objectKeys) {
      const keysOf = d.objectKeys;
      const parents = nodes.filter((n) => n.children.size > 0);
      if (parents.length > 0) {
        layers.push(parents.map((n) => `CASE WHEN ${arrays(n)} THEN ${d.any(list(n), 'o', objectIrregular('o', n, keysOf))} ELSE coalesce(${objectIrregular(single(n), n, keysOf)}, false) END AS ${guard(n)}`));
      }
    }
  }

  const out: RuleTranslation[] = [];
  const final: string[] = ['line', 'raw', 'dt', 'event_ok'];
  const needs: string[] = [];
  parsed.forEach((p, i) => {
    const t = ruleSql(p.name, p.parsed, i, d, trie);
    out.push(t.translation);
    final.push(`${t.maybe} AS maybe_${i}`, `${t.sure} AS sure_${i}`, `${t.guard} AS guard_${i}`);
    needs.push(`guard_${i} OR (maybe_${i} AND NOT sure_${i})`);
  });
  const needSql = `(NOT event_ok${needs.map((n) => ` OR ${n}`).join('')})`;

  return {
    dialect: d,
    rules: out,
    sql(source: string): string {
      let sql = `SELECT line, raw FROM (${source}) AS src WHERE raw IS NOT NULL AND NOT ${d.regexMatches('raw', '^[ \\t\\r\\n]*$')}`;
      layers.forEach((layer, i) => {
        sql = `SELECT t${i}.*, ${layer.join(',\n  ')}\nFROM (${sql}) AS t${i}`;
      });
      sql = `SELECT ${final.join(',\n  ')}\nFROM (${sql}) AS rules`;
      return `SELECT q.*, ${needSql} AS need\nFROM (${sql}) AS q`;
    },
  };
}

/**
 * `sharedArrays`: SQL for "an array lies at or above a node this leaf shares with
 * another leaf of its branch". There an `exists:false` leaf may hold although
 * the field is present (event-ruler counts only values array-consistent with the
 * other leaves'), so the leaf says maybe; `sure` excludes those rows anyway.
 */
function leafSql(leaf: Leaf, d: Dialect, trie: Trie, sharedArrays: string[]): { sql: string; exact: boolean; notes: string[] } {
  const node = trie.get(leaf.segments);
  const values = list(node);
  const one = single(node);
  const tests: Array<(v: string) => string> = [];
  const notes: string[] = [];
  let exact = true;
  for (const c of leaf.conditions) {
    if (c.kind === 'exists' && c.exists === false) continue;
    const t = sqlCondition(d, c);
    if (!t.exact) {
      exact = false;
      if (t.note) notes.push(`${leaf.path}: ${t.note}`);
    }
    tests.push(t.test);
  }
  const either = (test: (v: string) => string) => `CASE WHEN ${arrays(node)} THEN ${d.any(values, 'v', test('v'))} ELSE coalesce(${test(one)}, false) END`;
  const parts: string[] = [];
  if (tests.length > 0) parts.push(either((v) => tests.map((t) => t(v)).join(' OR ')));
  if (leaf.absentMatches) parts.push(`NOT ${either((v) => isScalar(d, v))}`, ...sharedArrays);
  return { sql: `(${parts.join(' OR ')})`, exact, notes };
}

function commonNodes(leaves: Leaf[], trie: Trie, only?: Leaf): Set<string> {
  const shared = new Set<string>();
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      if (only !== undefined && leaves[i] !== only && leaves[j] !== only) continue;
      const a = leaves[i]!.segments;
      const b = leaves[j]!.segments;
      let k = 0;
      while (k < a.length && k < b.length && a[k] === b[k]) k++;
      if (k > 0) shared.add(arrays(trie.get(a.slice(0, k))));
    }
  }
  return shared;
}

function ruleSql(name: string, parsed: ParsedPattern, index: number, d: Dialect, trie: Trie) {
  const notes: string[] = [];
  let exact = true;
  const maybes: string[] = [];
  const sures: string[] = [];
  const used = new Set<string>();
  for (const branch of parsed.branches) {
    const leaves = [...branch.values()];
    const translated = leaves.map((l) => leafSql(l, d, trie, l.absentMatches ? [...commonNodes(leaves, trie, l)] : []));
    const branchExact = translated.every((t) => t.exact);
    for (const t of translated) notes.push(...t.notes);
    if (!branchExact) exact = false;
    const maybe = `(${translated.map((t) => t.sql).join(' AND ') || 'true'})`;
    maybes.push(maybe);
    if (branchExact) {
      const shared = [...commonNodes(leaves, trie)];
      sures.push(shared.length > 0 ? `(${maybe} AND NOT (${shared.join(' OR ')}))` : maybe);
    }
    for (const leaf of leaves) for (let k = 1; k <= leaf.segments.length; k++) used.add(String(trie.get(leaf.segments.slice(0, k)).id));
  }
  const guards = ['g_root', ...[...used].flatMap((id) => {
    const node = trie.nodes[Number(id)]!;
    // with object keys, g marks irregular objects (on nodes with children); without, irregular keys (every node)
    const g = d.objectKeys ? (node.children.size > 0 ? [`g${id}`] : []) : [`g${id}`];
    return [...g, `d${id}`];
  })];
  return {
    translation: { name, exact, notes: [...new Set(notes)], sure: `sure_${index}`, maybe: `maybe_${index}`, need: `need` } satisfies RuleTranslation,
    maybe: `(${maybes.join(' OR ') || 'false'})`,
    sure: `(${sures.join(' OR ') || 'false'})`,
    guard: `(${guards.join(' OR ')})`,
  };
}
