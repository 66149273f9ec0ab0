/**
 * Pretty-printed JSON as escaped HTML: keys, strings, numbers and literals
 * in their own spans, the text exactly `JSON.stringify(value, null, 2)` (so
 * a copy is valid JSON). Keys at marked paths (dot-joined, arrays flattened,
 * as patterns name fields) get a class: which fields held, which failed.
 */
import { escapeHtml } from './escape.js';

export const JSON_HTML_CSS = `
.json .j-k { color: #0550ae; } .json .j-s { color: #0a3069; } .json .j-n { color: #953800; } .json .j-l { color: #8250df; }
.json .j-note { color: var(--muted); font-style: italic; }
.j-ok { background: rgba(26,127,55,.18); outline: 1px solid var(--ok); border-radius: 3px; }
.j-bad { background: rgba(207,34,46,.18); outline: 1px solid var(--bad); border-radius: 3px; }
.j-fix { background: rgba(9,105,218,.15); outline: 1px dashed #0969da; border-radius: 3px; }
@media (prefers-color-scheme: dark) {
  .json .j-k { color: #79c0ff; } .json .j-s { color: #a5d6ff; } .json .j-n { color: #ffa657; } .json .j-l { color: #d2a8ff; }
}
`;

export type PathMark = 'ok' | 'bad' | 'fix';

/** A truncation note left by boundEvent / boundString. */
const NOTE = /^…? ?\[truncated: |… \[truncated: \d+ characters\]$/;

export function jsonHtml(value: unknown, marks: ReadonlyMap<string, PathMark> = new Map()): string {
  const out: string[] = [];
  write(value, '', '', marks, out);
  return out.join('');
}

function write(value: unknown, path: string, indent: string, marks: ReadonlyMap<string, PathMark>, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(scalar(value));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    out.push('[\n');
    value.forEach((item, i) => {
      out.push(inner);
      write(item === undefined ? null : item, path, inner, marks, out);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    out.push(`${indent}]`);
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return void out.push('{}');
  out.push('{\n');
  entries.forEach(([key, item], i) => {
    const at = path === '' ? key : `${path}.${key}`;
    const mark = marks.get(at);
    out.push(`${inner}<span class="j-k${mark ? ` j-${mark}` : ''}">${escapeHtml(JSON.stringify(key))}</span>: `);
    write(item, at, inner, marks, out);
    out.push(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(`${indent}}`);
}

function scalar(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  if (typeof value === 'string') return `<span class="${NOTE.test(value) ? 'j-s j-note' : 'j-s'}">${escapeHtml(text)}</span>`;
  return `<span class="${typeof value === 'number' ? 'j-n' : 'j-l'}">${escapeHtml(text)}</span>`;
}
