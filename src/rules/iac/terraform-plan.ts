/** Terraform plans as `terraform show -json` writes them: planned `aws_cloudwatch_event_rule` and `aws_pipes_pipe` values in every module. */
import { entry, entryLine, plainValue, scalarString, type PNode } from './positioned.js';
import { readPatternText } from './pattern-value.js';
import type { IacLoad } from './types.js';

export function isTerraformPlan(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.format_version === 'string' && (d.planned_values !== undefined || d.values !== undefined);
}

function modules(node: PNode | undefined, out: PNode[] = [], depth = 0): PNode[] {
  if (!node || depth > 50) return out;
  out.push(node);
  const children = entry(node, 'child_modules');
  if (children?.kind === 'seq') for (const child of children.items) modules(child, out, depth + 1);
  return out;
}

/** `after_unknown` says which values are known only after apply. */
function unknownAfterApply(root: PNode | undefined, address: string, attribute: string): boolean {
  const changes = entry(root, 'resource_changes');
  if (changes?.kind !== 'seq') return false;
  const change = changes.items.find((c) => scalarString(entry(c, 'address')) === address);
  const flag = entry(entry(entry(change, 'change'), 'after_unknown'), attribute);
  return flag?.kind === 'scalar' && flag.value === true;
}

export function rulesFromTerraformPlan(root: PNode | undefined, file: string): IacLoad {
  const load: IacLoad = { kind: 'terraform-plan', rules: [], notes: [] };
  const top = entry(entry(root, 'planned_values') ?? entry(root, 'values'), 'root_module');
  const resources = modules(top).flatMap((m) => {
    const list = entry(m, 'resources');
    return list?.kind === 'seq' ? list.items : [];
  });
  const targets = resources.filter((r) => scalarString(entry(r, 'type')) === 'aws_cloudwatch_event_target');
  for (const resource of resources) {
    const type = scalarString(entry(resource, 'type'));
    const address = scalarString(entry(resource, 'address')) ?? '(no address)';
    const values = entry(resource, 'values');
    const line = entryLine(resource, 'address') ?? resource.line;
    if (type === 'aws_cloudwatch_event_rule') {
      const patternNode = entry(values, 'event_pattern');
      const patternLine = entryLine(values, 'event_pattern') ?? line;
      const location = { file, line, id: address, kind: 'terraform-plan' as const, patternLine };
      const name = scalarString(entry(values, 'name'));
      const base = {
        name: address,
        location,
        ...(scalarString(entry(values, 'event_bus_name')) ? { eventBusName: scalarString(entry(values, 'event_bus_name'))! } : {}),
        ...(scalarString(entry(values, 'state')) ? { state: scalarString(entry(values, 'state'))! } : scalarString(entry(values, 'is_enabled')) === 'false' ? { state: 'DISABLED' } : {}),
        ...(scalarString(entry(values, 'description')) ? { description: scalarString(entry(values, 'description'))! } : {}),
        targets: targets.filter((t) => name !== undefined && scalarString(entry(entry(t, 'values'), 'rule')) === name).length,
      };
      if (patternNode?.kind !== 'scalar' || typeof patternNode.value !== 'string') {
        if (unknownAfterApply(root, address, 'event_pattern')) {
          load.rules.push({ ...base, lines: new Map(), unresolved: [{ at: '(pattern)', expression: 'event_pattern (known after apply)', line: patternLine }], encoding: {} });
        } else if (patternNode === undefined || (patternNode.kind === 'scalar' && patternNode.value === null)) {
          load.notes.push({ file, line, severity: 'info', message: `${address}: no event_pattern (a schedule rule?); skipped.` });
        } else {
          load.rules.push({ ...base, lines: new Map(), unresolved: [], encoding: {}, problem: `event_pattern is ${JSON.stringify(plainValue(patternNode))}, not a JSON string` });
        }
        continue;
      }
      const read = readPatternText(patternNode.value, patternLine, false);
      load.rules.push({ ...base, ...read });
    } else if (type === 'aws_pipes_pipe') {
      const list = entry(firstItem(entry(firstItem(entry(values, 'source_parameters')), 'filter_criteria')), 'filter');
      if (list?.kind !== 'seq') continue;
      list.items.forEach((filter, i) => {
        const p = entry(filter, 'pattern');
        if (p?.kind !== 'scalar' || typeof p.value !== 'string') return;
        const id = `${address}.filter[${i}]`;
        const patternLine = entryLine(filter, 'pattern') ?? line;
        load.rules.push({ name: id, location: { file, line, id, kind: 'terraform-plan', patternLine }, ...readPatternText(p.value, patternLine, false), dialect: 'pipes' });
      });
    }
  }
  return load;
}

function firstItem(node: PNode | undefined): PNode | undefined {
  return node?.kind === 'seq' ? node.items[0] : undefined;
}

