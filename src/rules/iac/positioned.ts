/** YAML and JSON text as a tree that keeps each node's line, with CloudFormation's short tags (`!Ref`, `!Sub`...) kept as tags. */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';

export type PNode =
  | { kind: 'map'; line: number; entries: Array<{ key: string; keyLine: number; value: PNode }> }
  | { kind: 'seq'; line: number; items: PNode[] }
  | { kind: 'scalar'; line: number; value: string | number | boolean | null; quoted: boolean; block: boolean }
  /** `!Ref X`, `!Sub ...`: the tag without `!`, as CloudFormation names it (`Ref`, `Fn::Sub`). */
  | { kind: 'tag'; line: number; fn: string; arg: PNode };

export class PositionedParseError extends Error {
  constructor(readonly reason: string, readonly line: number) {
    super(`${reason} (line ${line})`);
  }
}

/** CloudFormation's short forms: `!GetAtt` and friends become `Fn::GetAtt`; `!Ref` and `!Condition` keep their names. */
function longName(tag: string): string {
  const name = tag.replace(/^!/, '');
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

const MAX_ALIASES = 1000;

const SHORT_TAGS = [
  'Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'FindInMap', 'GetAZs', 'ImportValue', 'If', 'Equals', 'And', 'Or', 'Not',
  'Base64', 'Cidr', 'Condition', 'Transform', 'ToJsonString', 'Length',
];

/** Every short tag on scalars, sequences and maps, resolved to the plain node so our walker sees the tag. */
const CUSTOM_TAGS = SHORT_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
]);

/**
 * Parses YAML (or JSON, which is YAML) into PNodes with 1-based lines. `firstLine`
 * shifts every line (for text that starts inside another file). Throws
 * PositionedParseError with the first syntax error.
 */
export function parsePositioned(text: string, firstLine = 1): PNode | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: CUSTOM_TAGS as never, uniqueKeys: false, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? firstLine : lineCounter.linePos(offset).line + firstLine - 1);
  const error = doc.errors[0];
  if (error) throw new PositionedParseError(error.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''), lineAt(error.pos[0]));
  let aliases = 0;
  const convert = (node: Node | null | undefined, depth: number): PNode => {
    if (depth > 200) throw new PositionedParseError('nested too deeply', lineAt(node?.range?.[0]));
    if (node === null || node === undefined) return { kind: 'scalar', line: firstLine, value: null, quoted: false, block: false };
    if (isAlias(node)) {
      // Each alias is expanded in full: a bound keeps nested aliases ("billion laughs") from blowing up.
      if (++aliases > MAX_ALIASES) throw new PositionedParseError(`more than ${MAX_ALIASES} alias expansions`, lineAt(node.range?.[0]));
      return convert(node.resolve(doc) as Node | undefined, depth + 1);
    }
    const line = lineAt(node.range?.[0]);
    const tag = node.tag && node.tag.startsWith('!') && SHORT_TAGS.includes(node.tag.slice(1)) ? node.tag : undefined;
    let plain: PNode;
    if (isMap(node)) {
      const entries: Array<{ key: string; keyLine: number; value: PNode }> = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        entries.push({ key, keyLine: lineAt(keyNode?.range?.[0]), value: convert(pair.value as Node | null, depth + 1) });
      }
      plain = { kind: 'map', line, entries };
    } else if (isSeq(node)) {
      plain = { kind: 'seq', line, items: node.items.map((item) => convert(item as Node, depth + 1)) };
    } else if (isScalar(node)) {
      const value = node.value;
      const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
      plain = { kind: 'scalar', line, value: typeof scalar === 'bigint' ? Number(scalar) : scalar, quoted, block };
    } else {
      plain = { kind: 'scalar', line, value: null, quoted: false, block: false };
    }
    return tag ? { kind: 'tag', line, fn: longName(tag), arg: plain } : plain;
  };
  return doc.contents === null ? undefined : convert(doc.contents as Node, 0);
}

export function entry(node: PNode | undefined, key: string): PNode | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.value : undefined;
}

export function entryLine(node: PNode | undefined, key: string): number | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key)?.keyLine : undefined;
}

export function scalarString(node: PNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** The plain JSON value of a node with no tags (tags become `{fn: arg}` like CloudFormation's long form). */
export function plainValue(node: PNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plainValue);
    case 'tag':
      return { [node.fn]: plainValue(node.arg) };
    case 'map': {
      const out: Record<string, unknown> = Object.create(null);
      for (const e of node.entries) out[e.key] = plainValue(e.value);
      return { ...out };
    }
  }
}
