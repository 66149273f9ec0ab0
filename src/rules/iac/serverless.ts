/** Serverless Framework services (`serverless.yml`): `eventBridge` events of functions, with `${self:...}` variables read from the same file. */
import { entry, plainValue, scalarString, type PNode } from './positioned.js';
import { readPatternNode, type Resolver } from './pattern-value.js';
import { cloudFormationResolver, describeIntrinsic } from './cloudformation.js';
import type { IacLoad, IacNote, IacRule, Unresolved } from './types.js';

export function isServerlessService(root: PNode | undefined): boolean {
  return entry(root, 'service') !== undefined && (entry(root, 'functions') !== undefined || entry(root, 'provider') !== undefined);
}

/** `${self:custom.a.b}` → the literal at that path of the file; `${opt:..}`, `${env:..}`, `${param:..}`, `${ssm:..}`... stay unresolved. */
function selfValue(root: PNode | undefined, path: string): unknown {
  let node: PNode | undefined = root;
  for (const key of path.split('.')) node = entry(node, key);
  if (!node || node.kind === 'tag') return undefined;
  return plainValue(node);
}

const VARIABLE = /\$\{([^{}]+)\}/g;

/** Substitutes Serverless variables in one string; undefined value when any cannot be resolved. */
function substitute(root: PNode | undefined, text: string, depth = 0): { value: unknown } | { unresolved: string } {
  let missing: string | undefined;
  const whole = /^\$\{([^{}]+)\}$/.exec(text);
  const lookup = (expr: string): unknown => {
    const [ref, fallback] = expr.split(/,\s*/, 2);
    const self = /^self:(.+)$/.exec(ref!.trim());
    let value = self ? selfValue(root, self[1]!) : undefined;
    if (typeof value === 'string' && value.includes('${') && depth < 10) {
      const inner = substitute(root, value, depth + 1);
      if ('unresolved' in inner) {
        missing ??= inner.unresolved;
        return undefined;
      }
      value = inner.value;
    }
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback.trim().replace(/^['"]|['"]$/g, '');
    missing ??= `\${${expr}}`;
    return undefined;
  };
  if (whole) {
    const value = lookup(whole[1]!);
    return missing ? { unresolved: missing } : { value };
  }
  const out = text.replace(VARIABLE, (all, expr: string) => {
    const value = lookup(expr);
    return value === undefined || typeof value === 'object' ? all : String(value);
  });
  return missing ? { unresolved: missing } : { value: out };
}

/** A copy of `node` with Serverless variables in its strings substituted; unresolved ones collected. */
function withVariables(root: PNode | undefined, node: PNode, unresolved: Unresolved[]): PNode {
  if (node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${')) {
    const r = substitute(root, node.value);
    if ('unresolved' in r) {
      unresolved.push({ at: '', expression: r.unresolved, line: node.line });
      return node;
    }
    const v = r.value;
    return { ...node, value: v === null || typeof v !== 'object' ? (v as string | number | boolean | null) : JSON.stringify(v) };
  }
  if (node.kind === 'map') return { ...node, entries: node.entries.map((e) => ({ ...e, value: withVariables(root, e.value, unresolved) })) };
  if (node.kind === 'seq') return { ...node, items: node.items.map((i) => withVariables(root, i, unresolved)) };
  if (node.kind === 'tag') return { ...node, arg: withVariables(root, node.arg, unresolved) };
  return node;
}

export function rulesFromServerless(root: PNode | undefined, file: string): IacLoad {
  const notes: IacNote[] = [];
  const rules: IacRule[] = [];
  const cfn = cloudFormationResolver(entry(root, 'resources'), file, notes);
  const resolve: Resolver = (fn, arg, line) => {
    const r = cfn(fn, arg, line);
    return 'value' in r ? r : { unresolved: describeIntrinsic(fn, arg) };
  };
  const functions = entry(root, 'functions');
  if (functions?.kind !== 'map') return { kind: 'serverless', rules, notes };
  for (const fn of functions.entries) {
    const events = entry(fn.value, 'events');
    if (events?.kind !== 'seq') continue;
    events.items.forEach((item, index) => {
      const spec = entry(item, 'eventBridge');
      if (!spec) return;
      const id = `${fn.key}.events[${index}].eventBridge`;
      const patternEntry = spec.kind === 'map' ? spec.entries.find((e) => e.key === 'pattern') : undefined;
      const location = { file, line: item.line, id, kind: 'serverless' as const, ...(patternEntry ? { patternLine: patternEntry.keyLine } : {}) };
      if (!patternEntry) {
        notes.push({ file, line: item.line, severity: 'info', message: `${id}: no pattern (a schedule?); skipped.` });
        return;
      }
      const unresolved: Unresolved[] = [];
      const read = readPatternNode(withVariables(root, patternEntry.value, unresolved), resolve);
      const busNode = entry(spec, 'eventBus');
      const busUnresolved: Unresolved[] = [];
      const bus = busNode ? withVariables(root, busNode, busUnresolved) : undefined;
      const busName = bus?.kind === 'scalar' && busUnresolved.length === 0 ? scalarString(bus) : undefined;
      const enabled = scalarString(entry(spec, 'enabled'));
      rules.push({
        name: id,
        location,
        ...(read.pattern !== undefined ? { pattern: read.pattern } : {}),
        lines: read.lines,
        unresolved: [
          ...unresolved.map((u) => ({ ...u, at: [...read.lines.entries()].find(([, l]) => l === u.line)?.[0] ?? '(pattern)' })),
          ...read.unresolved,
          ...busUnresolved.map((u) => ({ ...u, at: 'eventBus' })),
          ...(bus && bus.kind !== 'scalar' ? [{ at: 'eventBus', expression: JSON.stringify(plainValue(bus)), line: bus.line }] : []),
        ],
        encoding: read.encoding,
        ...(read.problem ? { problem: read.problem } : {}),
        // An ARN names the bus by its last part.
        ...(busName ? { eventBusName: busName.replace(/^arn:[^:]+:events:[^:]*:\d*:event-bus\//, '') } : {}),
        ...(enabled === 'false' ? { state: 'DISABLED' } : {}),
        targets: 1,
      });
    });
  }
  return { kind: 'serverless', rules, notes };
}
