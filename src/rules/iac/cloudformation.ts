/** CloudFormation and SAM templates (YAML or JSON): AWS::Events::Rule, SAM function events, and Pipes filters (another dialect). */
import { entry, entryLine, plainValue, scalarString, type PNode } from './positioned.js';
import { readPatternNode, type Resolver } from './pattern-value.js';
import type { IacKind, IacLoad, IacNote, IacRule } from './types.js';

const PSEUDO = /^AWS::(AccountId|Region|StackName|StackId|Partition|URLSuffix|NotificationARNs|NoValue)$/;

/** Does this parsed document look like a CloudFormation template? */
export function isCloudFormationTemplate(root: PNode | undefined): boolean {
  const resources = entry(root, 'Resources');
  return resources?.kind === 'map' && resources.entries.some((e) => scalarString(entry(e.value, 'Type'))?.includes('::') === true);
}

/** How an intrinsic reads in a template, for messages: `!Ref OrgId`, `!Sub '...'`. */
export function describeIntrinsic(fn: string, arg: PNode): string {
  const short = fn === 'Ref' || fn === 'Condition' ? fn : fn.replace(/^Fn::/, '');
  const value = plainValue(arg);
  return `!${short} ${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/**
 * Resolves `Ref` and `Fn::Sub` to parameters that have a Default (noted as
 * such), `Fn::Join` of what resolves; pseudo parameters, resources and every
 * other intrinsic stay unresolved: they are only known at deploy.
 */
export function cloudFormationResolver(root: PNode | undefined, file: string, notes: IacNote[]): Resolver {
  const parameters = entry(root, 'Parameters');
  const noted = new Set<string>();
  const parameterDefault = (name: string, line: number): string | undefined => {
    const param = entry(parameters, name);
    const fallback = entry(param, 'Default');
    if (fallback?.kind !== 'scalar' || fallback.value === null) return undefined;
    if (!noted.has(name)) {
      noted.add(name);
      notes.push({ file, line, severity: 'info', message: `parameter ${name} read as its Default ${JSON.stringify(String(fallback.value))}; a deploy may pass another value.` });
    }
    return String(fallback.value);
  };
  const resolve: Resolver = (fn, arg, line) => {
    const text = describeIntrinsic(fn, arg);
    if (fn === 'Ref') {
      const name = scalarString(arg);
      const value = name && !PSEUDO.test(name) ? parameterDefault(name, line) : undefined;
      return value === undefined ? { unresolved: text } : { value };
    }
    if (fn === 'Fn::Sub') {
      const template = arg.kind === 'seq' ? scalarString(arg.items[0]) : scalarString(arg);
      const vars = arg.kind === 'seq' ? arg.items[1] : undefined;
      if (template === undefined) return { unresolved: text };
      let missing = false;
      const out = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
        if (bang) return `\${${name}}`;
        const given = entry(vars, name);
        if (given) {
          const r = given.kind === 'scalar' ? { value: given.value } : resolveNode(given);
          if ('value' in r && typeof r.value !== 'object') return String(r.value);
          missing = true;
          return whole;
        }
        const value = PSEUDO.test(name) || name.includes('.') ? undefined : parameterDefault(name, line);
        if (value === undefined) missing = true;
        return value ?? whole;
      });
      return missing ? { unresolved: text } : { value: out };
    }
    if (fn === 'Fn::Join' && arg.kind === 'seq' && arg.items.length === 2) {
      const delimiter = scalarString(arg.items[0]) ?? '';
      const list = arg.items[1]!;
      if (list.kind !== 'seq') return { unresolved: text };
      const parts: string[] = [];
      for (const item of list.items) {
        const r = item.kind === 'scalar' ? { value: item.value } : resolveNode(item);
        if (!('value' in r) || typeof r.value === 'object') return { unresolved: text };
        parts.push(String(r.value));
      }
      return { value: parts.join(delimiter) };
    }
    return { unresolved: text };
  };
  const resolveNode = (node: PNode): { value: unknown } | { unresolved: string } => {
    if (node.kind === 'tag') return resolve(node.fn, node.arg, node.line);
    if (node.kind === 'map' && node.entries.length === 1) return resolve(node.entries[0]!.key, node.entries[0]!.value, node.line);
    return { unresolved: JSON.stringify(plainValue(node)) };
  };
  return resolve;
}

/** A property that should be a literal string: its value, or noted as unresolved. */
function literal(node: PNode | undefined, resolve: Resolver): { value?: string; unresolved?: string } {
  if (node === undefined) return {};
  if (node.kind === 'scalar') return node.value === null ? {} : { value: String(node.value) };
  const r = node.kind === 'tag' ? resolve(node.fn, node.arg, node.line) : node.kind === 'map' && node.entries.length === 1 ? resolve(node.entries[0]!.key, node.entries[0]!.value, node.line) : { unresolved: JSON.stringify(plainValue(node)) };
  return 'value' in r ? { value: String(r.value) } : { unresolved: r.unresolved };
}

interface RuleProperties {
  name: string;
  id: string;
  line: number;
  patternNode: PNode | undefined;
  patternLine: number | undefined;
  props: PNode | undefined;
  targets?: number;
}

function ruleFrom(p: RuleProperties, file: string, kind: IacKind, resolve: Resolver): IacRule {
  const location = { file, line: p.line, id: p.id, kind, ...(p.patternLine !== undefined ? { patternLine: p.patternLine } : {}) };
  const bus = literal(entry(p.props, 'EventBusName'), resolve);
  const state = literal(entry(p.props, 'State'), resolve);
  const description = scalarString(entry(p.props, 'Description'));
  const base = {
    name: p.name,
    location,
    ...(bus.value !== undefined ? { eventBusName: bus.value } : {}),
    ...(state.value !== undefined ? { state: state.value } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(p.targets !== undefined ? { targets: p.targets } : {}),
  };
  const busUnresolved = bus.unresolved ? [{ at: 'EventBusName', expression: bus.unresolved, line: entryLine(p.props, 'EventBusName') ?? p.line }] : [];
  if (!p.patternNode) return { ...base, lines: new Map(), unresolved: busUnresolved, encoding: {}, problem: 'the rule has no event pattern' };
  const read = readPatternNode(p.patternNode, resolve);
  return {
    ...base,
    ...(read.pattern !== undefined ? { pattern: read.pattern } : {}),
    lines: read.lines,
    unresolved: [...read.unresolved, ...busUnresolved],
    encoding: read.encoding,
    ...(read.problem ? { problem: read.problem } : {}),
  };
}

const SAM_EVENT_TYPES = new Set(['EventBridgeRule', 'CloudWatchEvent']);

/**
 * Every rule of a template: `AWS::Events::Rule` with an EventPattern, SAM
 * `EventBridgeRule`/`CloudWatchEvent` events of functions and state machines,
 * and `AWS::Pipes::Pipe` filters (marked `dialect: 'pipes'`). `prefix` names
 * rules of one stack among several (CDK).
 */
export function rulesFromTemplate(root: PNode | undefined, file: string, kind: IacKind, prefix = ''): IacLoad {
  const notes: IacNote[] = [];
  const rules: IacRule[] = [];
  const resolve = cloudFormationResolver(root, file, notes);
  const resources = entry(root, 'Resources');
  if (resources?.kind !== 'map') return { kind, rules, notes };
  for (const resource of resources.entries) {
    const type = scalarString(entry(resource.value, 'Type'));
    const props = entry(resource.value, 'Properties');
    const id = prefix + resource.key;
    const targetsNode = entry(props, 'Targets');
    if (type === 'AWS::Events::Rule') {
      const patternNode = entry(props, 'EventPattern');
      if (!patternNode) {
        notes.push({ file, line: resource.keyLine, severity: 'info', message: `${id}: no EventPattern (a schedule rule?); skipped.` });
        continue;
      }
      rules.push(ruleFrom({ name: id, id, line: resource.keyLine, patternNode, patternLine: entryLine(props, 'EventPattern'), props, ...(targetsNode?.kind === 'seq' ? { targets: targetsNode.items.length } : targetsNode ? {} : { targets: 0 }) }, file, kind, resolve));
    } else if (type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine') {
      const events = entry(props, 'Events');
      if (events?.kind !== 'map') continue;
      for (const event of events.entries) {
        const eventType = scalarString(entry(event.value, 'Type'));
        if (!eventType || !SAM_EVENT_TYPES.has(eventType)) continue;
        const eventProps = entry(event.value, 'Properties');
        const patternNode = entry(eventProps, 'Pattern');
        const name = `${id}.${event.key}`;
        rules.push(ruleFrom({ name, id: name, line: event.keyLine, patternNode, patternLine: entryLine(eventProps, 'Pattern'), props: eventProps, targets: 1 }, file, kind, resolve));
      }
    } else if (type === 'AWS::Pipes::Pipe') {
      const filters = entry(entry(entry(props, 'SourceParameters'), 'FilterCriteria'), 'Filters');
      if (filters?.kind !== 'seq') continue;
      filters.items.forEach((filter, i) => {
        const patternNode = entry(filter, 'Pattern');
        const name = `${id}.Filters[${i}]`;
        const rule = ruleFrom({ name, id: name, line: filter.line, patternNode, patternLine: entryLine(filter, 'Pattern'), props: undefined }, file, kind, resolve);
        rules.push({ ...rule, dialect: 'pipes' });
      });
    }
  }
  return { kind, rules, notes };
}

