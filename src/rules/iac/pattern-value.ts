/** An event pattern as a template writes it (an object, a JSON string, an intrinsic) → the pattern, the line of each path, what stayed unresolved. */
import { JsonTextError, parseJsonText } from '../json-text.js';
import { parsePositioned, type PNode } from './positioned.js';
import { pathKey, type Encoding, type Unresolved } from './types.js';

/** Turns an intrinsic (`Ref`, `Fn::Sub`...) into a literal, or says what it is when it cannot. */
export type Resolver = (fn: string, arg: PNode, line: number) => { value: unknown } | { unresolved: string };

export interface PatternRead {
  pattern?: unknown;
  lines: Map<string, number>;
  unresolved: Unresolved[];
  encoding: Encoding;
  problem?: string;
}

const INTRINSIC = /^(Ref|Condition|Fn::[A-Za-z]+)$/;

/** A single-key map `{"Ref": ...}` / `{"Fn::Sub": ...}` is CloudFormation's long form of a tag. */
export function asIntrinsic(node: PNode): { fn: string; arg: PNode } | undefined {
  if (node.kind === 'tag') return { fn: node.fn, arg: node.arg };
  if (node.kind === 'map' && node.entries.length === 1 && INTRINSIC.test(node.entries[0]!.key)) {
    return { fn: node.entries[0]!.key, arg: node.entries[0]!.value };
  }
  return undefined;
}

/** Lines of every key and element of a JSON/YAML tree, by pattern path. */
export function collectLines(node: PNode, segments: (string | number)[], lines: Map<string, number>): void {
  if (node.kind === 'map') {
    for (const e of node.entries) {
      const next = [...segments, e.key];
      lines.set(pathKey(next), e.keyLine);
      collectLines(e.value, next, lines);
    }
  } else if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      const next = [...segments, i];
      lines.set(pathKey(next), item.line);
      collectLines(item, next, lines);
    });
  }
}

/**
 * A JSON string pattern starting at `line` (`block`: the text starts on the
 * next line, as in a YAML `|` scalar). Double encoding (a JSON string whose
 * value is again JSON) is unwrapped and noted.
 */
export function readPatternText(text: string, line: number, block: boolean): PatternRead {
  const lines = new Map<string, number>();
  const encoding: Encoding = { text };
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    const reason = error instanceof JsonTextError ? error.message : String(error);
    return { lines, unresolved: [], encoding, problem: `the pattern string is not valid JSON: ${reason}` };
  }
  if (typeof value === 'string') {
    encoding.doubleEncoded = true;
    try {
      value = parseJsonText(value);
    } catch {
      return { lines, unresolved: [], encoding, problem: 'the pattern is a JSON string holding text that is not JSON' };
    }
    return { pattern: value, lines, unresolved: [], encoding };
  }
  try {
    const tree = parsePositioned(text, block ? line + 1 : line);
    if (tree) collectLines(tree, [], lines);
    if (!block) for (const key of lines.keys()) lines.set(key, Math.max(line, lines.get(key)!));
  } catch {
    // JSON.parse accepted it; lines stay at the pattern's own line.
  }
  return { pattern: value, lines, unresolved: [], encoding };
}

/** A pattern node from a template: a map (walked, intrinsics resolved), a JSON string, or an intrinsic giving one. */
export function readPatternNode(node: PNode, resolve: Resolver): PatternRead {
  const intrinsic = asIntrinsic(node);
  if (intrinsic) {
    const result = resolve(intrinsic.fn, intrinsic.arg, node.line);
    if ('unresolved' in result) {
      return { lines: new Map(), unresolved: [{ at: '(pattern)', expression: result.unresolved, line: node.line }], encoding: {} };
    }
    if (typeof result.value === 'string') return readPatternText(result.value, node.line, isBlock(intrinsic.arg));
    return { pattern: result.value, lines: new Map(), unresolved: [], encoding: {} };
  }
  if (node.kind === 'scalar' && typeof node.value === 'string') return readPatternText(node.value, node.line, node.block);
  const lines = new Map<string, number>();
  const unresolved: Unresolved[] = [];
  const walk = (n: PNode, segments: (string | number)[]): unknown => {
    const found = asIntrinsic(n);
    if (found) {
      const result = resolve(found.fn, found.arg, n.line);
      if ('value' in result) return result.value;
      unresolved.push({ at: pathKey(segments) || '(pattern)', expression: result.unresolved, line: n.line });
      return `\${unresolved: ${result.unresolved}}`;
    }
    if (n.kind === 'map') {
      const out: Record<string, unknown> = {};
      for (const e of n.entries) {
        const next = [...segments, e.key];
        lines.set(pathKey(next), e.keyLine);
        Object.defineProperty(out, e.key, { value: walk(e.value, next), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (n.kind === 'seq') {
      return n.items.map((item, i) => {
        lines.set(pathKey([...segments, i]), item.line);
        return walk(item, [...segments, i]);
      });
    }
    return n.kind === 'scalar' ? n.value : null;
  };
  return { pattern: walk(node, []), lines, unresolved, encoding: {} };
}

function isBlock(node: PNode): boolean {
  if (node.kind === 'scalar') return node.block;
  if (node.kind === 'seq' && node.items[0]?.kind === 'scalar') return node.items[0].block;
  return false;
}
