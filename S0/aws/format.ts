import type { EventBusInfo, EventSourceInfo, RuleInfo, TargetInfo } from './discovery.js';

/** Plain aligned columns for a terminal. */
export function textColumns(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function formatBusesText(buses: EventBusInfo[]): string {
  if (buses.length === 0) return 'No matching event buses.\n';
  return textColumns(['NAME', 'ARN'], buses.map((b) => [b.name, b.arn ?? '']));
}

export function formatSourcesText(sources: EventSourceInfo[]): string {
  if (sources.length === 0) return 'No matching partner event sources.\n';
  return textColumns(
    ['NAME', 'STATE', 'CREATED BY', 'CREATED'],
    sources.map((s) => [s.name, s.state ?? '', s.createdBy ?? '', s.creationTime ?? '']),
  );
}

export interface RuleWithTargets extends RuleInfo {
  targets?: TargetInfo[];
}

export function formatRulesText(rules: RuleWithTargets[]): string {
  if (rules.length === 0) return 'No rules on this bus.\n';
  return textColumns(
    ['NAME', 'STATE', 'TARGETS', 'PATTERN'],
    rules.map((r) => [r.name, r.state ?? '', r.targets ? String(r.targets.length) : '?', r.eventPattern ?? `(schedule ${r.scheduleExpression ?? ''})`]),
  );
}

export function formatRuleText(rule: RuleWithTargets): string {
  let pattern = rule.eventPattern ?? '';
  try {
    pattern = JSON.stringify(JSON.parse(pattern), null, 2);
  } catch {
    // keep AWS's text
  }
  const lines = [
    `Rule:        ${rule.name}`,
    `Event bus:   ${rule.eventBusName}`,
    `State:       ${rule.state ?? ''}`,
    ...(rule.description ? [`Description: ${rule.description}`] : []),
    ...(rule.scheduleExpression ? [`Schedule:    ${rule.scheduleExpression}`] : []),
    ...(rule.arn ? [`ARN:         ${rule.arn}`] : []),
    `Targets:     ${rule.targets === undefined ? '?' : rule.targets.length === 0 ? 'none' : ''}`,
    ...(rule.targets ?? []).map((t) => `  - ${t.id}: ${t.arn}`),
    ...(pattern ? ['Event pattern:', ...pattern.split('\n').map((l) => `  ${l}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}
