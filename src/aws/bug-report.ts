import type { CrossCheckFinding, CrossCheckResult } from './cross-check.js';

function pretty(jsonText: string): string {
  try {
    return JSON.stringify(JSON.parse(jsonText), null, 2);
  } catch {
    return jsonText;
  }
}

/** A fenced block whose fence is longer than any backtick run inside `text`. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

/**
 * A disagreement between gceb's engine and AWS TestEventPattern as a Markdown bug
 * report, ready to paste into an issue: both answers, the pattern, the event, and
 * the AWS CLI command that reproduces AWS's answer.
 */
export function formatFindingAsBugReport(finding: CrossCheckFinding, context: { region?: string; gcebVersion?: string } = {}): string {
  const verb = (b: boolean) => (b ? '**matches**' : '**does not match**');
  return [
    `## Pattern engine disagrees with AWS EventBridge (rule \`${finding.rule}\`, event \`${finding.eventId}\`)`,
    '',
    `AWS \`TestEventPattern\`${context.region ? ` in ${context.region}` : ''} says the event ${verb(finding.aws)} the pattern;`,
    `gceb's local engine${context.gcebVersion ? ` (${context.gcebVersion})` : ''} says it ${verb(finding.local)}.`,
    '',
    '| engine | Result |',
    '|---|---|',
    `| AWS TestEventPattern | \`${finding.aws}\` |`,
    `| gceb local engine | \`${finding.local}\` |`,
    '',
    '### Event pattern',
    '',
    fenced(pretty(finding.pattern), 'json'),
    '',
    '### Event',
    '',
    fenced(pretty(finding.event), 'json'),
    '',
    '### Reproduce',
    '',
    'Save the two blocks above as `pattern.json` and `event.json`, then:',
    '',
    fenced(
      `aws events test-event-pattern${context.region ? ` --region ${context.region}` : ''} --event-pattern file://pattern.json --event file://event.json\n` +
        'npx gceb test-pattern --pattern pattern.json --event event.json',
      'sh',
    ),
    '',
    '### Expected',
    '',
    `gceb's engine should give AWS's answer (\`${finding.aws}\`).`,
    '',
  ].join('\n');
}

/** A short text summary of a cross-check, one line per problem. */
export function formatCrossCheckSummary(result: CrossCheckResult): string {
  const lines = [
    `Cross-check with AWS TestEventPattern: ${result.checked} distinct pair(s) answered, ${result.agreed} agree, ` +
      `${result.disagreements.length} disagree, ${result.errors.length} not answered.`,
  ];
  for (const d of result.disagreements) {
    lines.push(`  DISAGREE  rule ${d.rule}, event ${d.eventId}: AWS ${d.aws}, local ${d.local}`);
  }
  for (const e of result.errors) lines.push(`  NOT ANSWERED  rule ${e.rule}, event ${e.eventId}: ${e.message}`);
  return `${lines.join('\n')}\n`;
}
