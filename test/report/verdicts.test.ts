import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runRuleTests } from '../../src/report/verdict-run.js';
import {
  renderJson, renderMarkdown, renderText, verdictCsvHeader, verdictToCsv, verdictToNdjson, VERDICT_CSV_HEADER,
} from '../../src/report/verdict-formats.js';
import { renderHtml } from '../../src/report/verdict-html.js';
import type { TestRule } from '../../src/rules/types.js';
import { customerStart, auditOAuthClientDeleted } from '../explain/fixtures.js';

const rules: TestRule[] = [
  { name: 'voice', origin: 't', expect: 'match', pattern: { 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'], detail: { eventBody: { mediaType: ['voice'] } } } },
  { name: 'all', origin: 't', expect: 'match', pattern: { source: [{ prefix: 'aws.partner/genesys.com' }] } },
  { name: 'or', origin: 't', pattern: { detail: { eventBody: { $or: [{ mediaType: ['VOICE'] }, { action: ['Create'] }] } } } },
];
const voiceCall = customerStart();
voiceCall.detail.eventBody.mediaType = 'VOICE';
const events = [
  { event: voiceCall, source: 'mem', line: 1 },
  { event: auditOAuthClientDeleted(), source: 'mem', line: 2 },
  { event: { topicName: 'raw', eventBody: {} }, source: 'mem', line: 3 },
];

async function run(expect?: 'match' | 'no-match', maxKeptVerdicts?: number) {
  const problems: string[] = [];
  const streamed: string[] = [];
  const result = await runRuleTests({
    rules, events, ...(expect ? { expect } : {}), ...(maxKeptVerdicts !== undefined ? { maxKeptVerdicts } : {}),
    onProblem: (p) => problems.push(`${p.source}:${p.line}: ${p.message}`),
    onVerdicts: (vs) => { streamed.push(...vs.map((v) => v.rule)); },
  });
  return { ...result, problems, streamed };
}

describe('runRuleTests', () => {
  it('one verdict per rule x event, failures only on misses, exact summary', async () => {
    const { summary, verdicts, problems, streamed } = await run();
    assert.equal(summary.events, 2);
    assert.equal(summary.verdicts, 6);
    assert.equal(streamed.length, 6);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /mem:3: not an EventBridge event .*raw Genesys notification/);
    assert.equal(summary.problems, 1);
    const voice = verdicts.filter((v) => v.rule === 'voice');
    assert.deepEqual(voice.map((v) => v.match), [false, false]);
    assert.equal(voice[0]!.failures[0]!.code, 'case-mismatch');
    assert.match(voice[0]!.failures[0]!.hint, /"CHAT"|"voice"/);
    assert.ok(verdicts.filter((v) => v.match).every((v) => v.failures.length === 0));
    const voiceSummary = summary.rules.find((r) => r.rule === 'voice')!;
    assert.deepEqual(voiceSummary.expectation, { expect: 'match', met: false });
    assert.deepEqual(summary.unmetRuleExpectations, ['voice']);
    assert.equal(voiceSummary.nearestMiss?.eventId, 'adbcfa5b-0116-4baa-b66b-a3f5902e95bf');
    assert.match(voiceSummary.nearestMiss!.diff.text, /^-\s+"voice"$/m);
    const all = summary.rules.find((r) => r.rule === 'all')!;
    assert.equal(all.matched, 2);
    assert.deepEqual(all.byDetailType.map((d) => [d.matched, d.total]), [[1, 1], [1, 1]]);
  });

  it('$or explanation groups its branches', async () => {
    const { verdicts } = await run();
    const miss = verdicts.find((v) => v.rule === 'or' && !v.match)!;
    assert.equal(miss.failures[0]!.code, 'no-branch-matched');
    assert.equal(miss.failures[0]!.branches?.length, 2);
    assert.match(miss.failures[0]!.hint, /\$or branches/);
  });

  it('--expect lists disagreeing verdicts; the kept-verdict cap keeps counts exact', async () => {
    const { summary, verdicts } = await run('match', 2);
    assert.equal(summary.expect?.checked, 6);
    assert.equal(summary.expect?.disagreed, 3);
    assert.equal(verdicts.length, 2);
    assert.equal(summary.verdictsTruncated, true);
    assert.equal(summary.verdicts, 6);
  });
});

describe('verdict formats', () => {
  it('json parses back with summary and verdicts', async () => {
    const { summary, verdicts } = await run();
    const data = JSON.parse(renderJson(summary, verdicts));
    assert.equal(data.summary.verdicts, 6);
    assert.equal(data.verdicts.length, 6);
    assert.deepEqual(Object.keys(data.verdicts[0]).slice(0, 5), ['rule', 'eventId', 'detailType', 'match', 'failures']);
  });

  it('ndjson: one verdict per line', async () => {
    const { verdicts } = await run();
    const lines = verdicts.map(verdictToNdjson).join('').trimEnd().split('\n');
    assert.equal(lines.length, 6);
    assert.deepEqual(lines.map((l) => JSON.parse(l).rule), ['voice', 'all', 'or', 'voice', 'all', 'or']);
  });

  it('csv: header plus one row per verdict, quoted correctly', async () => {
    const { verdicts } = await run();
    const text = verdictCsvHeader() + verdicts.map(verdictToCsv).join('');
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], VERDICT_CSV_HEADER);
    assert.equal(rows.length, 7);
    const voice = rows[1]!;
    assert.equal(voice[0], 'voice');
    assert.equal(voice[3], 'false');
    assert.match(voice[6]!, /case-mismatch/);
    assert.match(voice[8]!, /equals-ignore-case/);
  });

  it('text: one line per rule with marks, expectation, fixes; colour only on request', async () => {
    const { summary } = await run();
    const text = renderText(summary);
    assert.match(text, /^✗ voice\s+0\/2 matched\s+expect match: NOT MET/m);
    assert.match(text, /^✓ all\s+2\/2 matched\s+expect match: ok/m);
    assert.match(text, /fix: detail\.eventBody\.mediaType/);
    assert.doesNotMatch(text, /\u001b\[/);
    assert.match(renderText(summary, { color: true }), /\u001b\[/);
  });

  it('md: summary table and top failures', async () => {
    const { summary } = await run();
    const md = renderMarkdown(summary);
    assert.match(md, /\| Rule \| Matched \| Expectation \| Most common failure \|/);
    assert.match(md, /## voice/);
    assert.match(md, /```diff/);
  });

  it('html: self-contained, escaped, with the nearest-miss diff', async () => {
    const hostile: TestRule[] = [{ name: '<img src=x onerror=alert(1)>', origin: 't', pattern: { detail: { eventBody: { mediaType: ['<b>'] } } } }];
    const result = await runRuleTests({ rules: hostile, events: events.slice(0, 1) });
    const html = renderHtml(result.summary, result.verdicts);
    assert.doesNotMatch(html, /<img/);
    assert.doesNotMatch(html, /(src|href)=["']?https?:/i);
    assert.equal(html.match(/<script/gi)?.length, 1, 'one script: the page\'s own, inline');
    assert.doesNotMatch(html, /<script[^>]*src/i);
    assert.match(html, /script-src 'sha256-[A-Za-z0-9+/=]+'/, 'allowed by its hash only');
    assert.doesNotMatch(html, /<link/i);
    assert.match(html, /class="gceb-diff"/);
    assert.match(html, /Nearest miss/);
  });
});

/** RFC 4180 reader, enough for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  return rows;
}
