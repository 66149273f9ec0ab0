/** GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` at the rule's line, then a one-line summary. */
import type { CiCase, CiMessage } from './ci-cases.js';

/** What the runner decodes in a message: %, CR, LF; other control characters are shown as \u.... */
function escapeData(text: string): string {
  return text
    .replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** Property values also escape `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(m: CiMessage): string {
  const props: string[] = [];
  if (m.file !== undefined) props.push(`file=${escapeProperty(m.file)}`);
  if (m.line !== undefined) props.push(`line=${m.line}`);
  props.push(`title=${escapeProperty(m.title)}`);
  return `::${m.level} ${props.join(',')}::${escapeData(m.message)}`;
}

/** One annotation per message of every case, then `summary` as a plain line. */
export function renderGithubAnnotations(cases: readonly CiCase[], summary: string): string {
  const lines = cases.flatMap((c) => c.messages.map(annotation));
  lines.push(escapeData(summary));
  return `${lines.join('\n')}\n`;
}
