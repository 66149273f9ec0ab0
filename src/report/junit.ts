/** JUnit XML for CI test reports: a testsuite per command, a testcase per rule and expectation (lint: per rule), failures with file and line. */
import type { CiCase } from './ci-cases.js';

/** XML 1.0 text and attribute escaping; characters XML cannot hold at all are shown as \u.... */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderJunit(cases: readonly CiCase[], name = 'gceb'): string {
  const suites = new Map<string, CiCase[]>();
  for (const c of cases) suites.set(c.suite, [...(suites.get(c.suite) ?? []), c]);
  const failed = (c: CiCase) => c.messages.some((m) => m.level === 'error');
  const total = cases.length;
  const failures = cases.filter(failed).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlEscape(name)}" tests="${total}" failures="${failures}" errors="0">`];
  for (const [suite, list] of suites) {
    out.push(`  <testsuite name="${xmlEscape(suite)}" tests="${list.length}" failures="${list.filter(failed).length}" errors="0" skipped="0">`);
    for (const c of list) {
      const attrs = [`classname="${xmlEscape(c.classname)}"`, `name="${xmlEscape(c.name)}"`, 'time="0"'];
      if (c.file !== undefined) attrs.push(`file="${xmlEscape(c.file)}"`);
      if (c.line !== undefined) attrs.push(`line="${c.line}"`);
      const errors = c.messages.filter((m) => m.level === 'error');
      const others = c.messages.filter((m) => m.level !== 'error');
      const output = [...c.output, ...others.map((m) => `${m.level}: ${m.file !== undefined ? `${m.file}:${m.line ?? ''}: ` : ''}${m.title}: ${m.message}`)];
      if (errors.length === 0 && output.length === 0) {
        out.push(`    <testcase ${attrs.join(' ')}/>`);
        continue;
      }
      out.push(`    <testcase ${attrs.join(' ')}>`);
      for (const e of errors) {
        const at = e.file !== undefined ? `${e.file}:${e.line ?? ''}: ` : '';
        out.push(`      <failure message="${xmlEscape(e.message)}" type="${xmlEscape(e.title)}">${xmlEscape(`${at}${e.message}`)}</failure>`);
      }
      if (output.length > 0) out.push(`      <system-out>${xmlEscape(output.join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
