import jsonDiff from 'json-diff';
import type { PatternFailure } from '../pattern/explain-types.js';
import { escapeHtml } from '../report/escape.js';
import { unique } from './conditions.js';
import { valuesAt } from './event-paths.js';
import { patternLeaves } from './pattern-leaves.js';

/** Shown on the event side for a field the event does not have. */
export const ABSENT = '‹absent›';

export interface StructuralDiff {
  /** Pattern path → its conditions as written. */
  expected: Record<string, unknown>;
  /** Pattern path → the event's values there (flattened across arrays), or ABSENT; matching paths repeat the expected side. */
  actual: Record<string, unknown>;
  /** Plain diff text: lines starting `-` are what the pattern wants, `+` what the event has. */
  text: string;
  /** The same, coloured with ANSI codes (for a terminal). */
  coloredText: string;
  /** A self-contained `<div class="gceb-diff">`: escaped, classes `diff-removed` / `diff-added`; style with DIFF_CSS. */
  html: string;
}

export const DIFF_CSS = `
.gceb-diff pre { margin: 0; }
.gceb-diff .diff-removed { background: rgba(207,34,46,.15); color: var(--bad, #cf222e); }
.gceb-diff .diff-added { background: rgba(26,127,55,.15); color: var(--ok, #1a7f37); }

.gceb-diff .diff-legend { font-size: 12px; color: var(--muted, #6e7781); margin: .25rem 0; }
`;

const ANSI = { ' ': '', '-': '\u001b[31m', '+': '\u001b[32m' } as const;
const ANSI_RESET = '\u001b[39m';
const HTML_CLASS = { ' ': 'diff-same', '-': 'diff-removed', '+': 'diff-added' } as const;

/** Every path a list of failures names, `$or` branches and array-consistency paths included. */
export function failingPaths(failures: readonly PatternFailure[], into = new Set<string>()): Set<string> {
  for (const failure of failures) {
    into.add(failure.path);
    for (const path of failure.paths ?? []) into.add(path);
    for (const branch of failure.branches ?? []) failingPaths(branch.failures, into);
  }
  return into;
}

function eventSide(event: unknown, path: string): unknown {
  const values = valuesAt(event, path);
  if (values === undefined) return ABSENT;
  return values.map((value) =>
    typeof value === 'object' && value !== null ? `‹object with keys: ${Object.keys(value).join(', ')}›` : value,
  );
}

/**
 * What the pattern expects next to what the event holds, restricted to the
 * pattern's own paths. Paths that match (no failure there) show unchanged;
 * failing paths show the pattern's conditions (`-`) against the event's values (`+`).
 */
export function structuralDiff(pattern: unknown, event: unknown, failures: readonly PatternFailure[]): StructuralDiff {
  const failing = failingPaths(failures);
  const expected: Record<string, unknown> = {};
  for (const leaf of patternLeaves(pattern)) {
    const before = expected[leaf.path];
    expected[leaf.path] = Array.isArray(before) ? unique([...before, ...leaf.conditions]) : leaf.conditions;
  }
  // A failure at a path the pattern spells differently (e.g. `$or` at the root) still deserves a row.
  for (const path of failing) if (path !== '' && !(path in expected)) expected[path] = [];
  const actual: Record<string, unknown> = {};
  for (const path of Object.keys(expected)) actual[path] = failing.has(path) ? eventSide(event, path) : expected[path];

  const rows: Array<{ kind: ' ' | '-' | '+'; line: string }> = [];
  const raw = jsonDiff.diff(expected, actual, { full: true });
  if (raw === undefined) {
    for (const line of JSON.stringify(expected, null, 2).split('\n')) rows.push({ kind: ' ', line });
  } else {
    jsonDiff.colorizeToCallback(raw, {}, (kind: string, line: string) => {
      rows.push({ kind: kind === '-' || kind === '+' ? kind : ' ', line });
    });
  }
  const text = rows.map((r) => `${r.kind}${r.line}\n`).join('');
  const coloredText = rows.map((r) => `${ANSI[r.kind]}${r.kind}${r.line}${r.kind === ' ' ? '' : ANSI_RESET}\n`).join('');
  const lines = rows.map((r) => `<span class="${HTML_CLASS[r.kind]}">${escapeHtml(r.kind + r.line)}</span>`);
  const html =
    '<div class="gceb-diff"><div class="diff-legend"><span class="bad">- the pattern wants</span> · <span class="ok">+ the event has</span></div>' +
    `<pre>${lines.join('\n')}</pre></div>`;
  return { expected, actual, text, coloredText, html };
}
