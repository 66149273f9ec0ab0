import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateEvents } from '../../src/sample/index.js';
import { loadRules } from '../../src/rules/load.js';
import { compilePattern, explainCompiled } from '../../src/pattern/index.js';
import { MAX_SHOWN_EVENT_CHARS, MAX_SHOWN_EVENT_DEPTH, MainJob, RuleEvaluator, boundEvent, boundMatches, runRuleTests } from '../../src/verdicts/index.js';
import { renderHtml, renderJson, renderMarkdown } from '../../src/report/index.js';

const events = [...generateEvents({ count: 200, seed: 11 })];

describe('boundEvent', () => {
  it('keeps a small event whole and equal', () => {
    const event = events[0];
    const shown = boundEvent(event);
    assert.equal(shown.truncated, false);
    assert.deepEqual(JSON.parse(JSON.stringify(shown.event)), event);
  });

  it('cuts long strings and keys with their length, and bounds the whole JSON however wide or deep the event', () => {
    const wide = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    const long = 'y'.repeat(50 * 1024 * 1024);
    const shown = boundEvent({ id: 'e', long, ['z'.repeat(5000)]: 1, wide, list: Array.from({ length: 200_000 }, (_, i) => i) });
    assert.equal(shown.truncated, true);
    const text = JSON.stringify(shown.event);
    assert.ok(text.length < MAX_SHOWN_EVENT_CHARS + 2_000, `${text.length} characters`);
    const out = shown.event as Record<string, unknown>;
    assert.match(out.long as string, /… \[truncated: 52428800 characters\]$/);
    assert.ok(Object.keys(out).some((k) => k.endsWith('… [truncated: 5000 characters]')));
    const keptKeys = Object.keys(out.wide as object);
    assert.match((out.wide as Record<string, string>)['…']!, new RegExp(`^\\[truncated: ${200_000 - keptKeys.length + 1} more key\\(s\\)\\]$`));

    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    const cut = boundEvent(deep);
    assert.equal(cut.truncated, true);
    let node = cut.event;
    for (let i = 0; i < MAX_SHOWN_EVENT_DEPTH; i++) node = (node as { d: unknown }).d;
    assert.match(node as string, /nested deeper than/);
  });

  it('keeps __proto__ as the own key it is and never touches Object.prototype', () => {
    const event = JSON.parse('{"id":"p","__proto__":{"polluted":true},"detail":{"constructor":{"prototype":{"polluted":true}}}}');
    const shown = boundEvent(event, 20);
    assert.ok(Object.hasOwn(shown.event as object, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(boundEvent(event).event)), event);
  });
});

describe('matched in what is shown', () => {
  it('kept verdicts carry the leaves that hold (as explainCompiled says, bounded); streamed ones do not', async () => {
    const rules = await loadRules(['sample'], {});
    const job = new MainJob(rules, { stream: 'all', maxKeptVerdicts: 100 });
    let streamedWithMatched = 0;
    for (const event of events) streamedWithMatched += job.test(event).streamed.filter((v) => v.matched !== undefined).length;
    assert.equal(streamedWithMatched, 0);
    const kept = job.keptVerdicts();
    assert.equal(kept.length, 100);
    const byName = new Map(rules.map((r) => [r.name, compilePattern(r.pattern as object)]));
    const eventsById = new Map(events.map((e) => [(e as { id: string }).id, e]));
    let matches = 0;
    for (const verdict of kept) {
      if (verdict.match) matches++;
      assert.deepEqual(verdict.matched, boundMatches(explainCompiled(byName.get(verdict.rule)!, eventsById.get(verdict.eventId)).matched ?? []), verdict.rule);
    }
    assert.ok(matches > 0 && kept.some((v) => !v.match && v.matched!.length > 0), 'both matches and misses say what holds');
  });

  it('RuleEvaluator verdicts carry matched for matches and misses', async () => {
    const rules = await loadRules(['sample'], {});
    const verdicts = new RuleEvaluator(rules).evaluate(events[0]);
    assert.ok(verdicts.every((v) => Array.isArray(v.matched)));
    assert.ok(verdicts.some((v) => v.match && v.matched!.length > 0));
  });

  it('a nearest miss carries the conditions that hold and its event, in verdicts.json and report.md', async () => {
    const rule = { name: 'voice-on-chat', origin: 't', pattern: { 'detail-type': [{ prefix: 'v2.detail.events.conversation.' }], detail: { eventBody: { mediaType: ['NO-SUCH-MEDIA'] } } } };
    const fenceEvent = JSON.parse(JSON.stringify(events.find((e) => (e as { 'detail-type': string })['detail-type'].startsWith('v2.detail.events.conversation.'))));
    fenceEvent.id = 'has-```-fence';
    const run = await runRuleTests({ rules: [rule], events: [{ event: fenceEvent, source: 'f', line: 1 }] });
    const miss = run.summary.rules[0]!.nearestMiss!;
    assert.deepEqual(JSON.parse(JSON.stringify(miss.event)), fenceEvent);
    assert.deepEqual(miss.matched.map((m) => m.path), ['detail-type']);
    assert.deepEqual(miss.matched[0]!.actual, [fenceEvent['detail-type']]);

    const json = JSON.parse(renderJson(run.summary, run.verdicts)) as { summary: { rules: Array<{ nearestMiss: { event: unknown; matched: unknown[] } }> }; verdicts: Array<{ matched: unknown[] }> };
    assert.deepEqual(json.summary.rules[0]!.nearestMiss.event, fenceEvent);
    assert.equal(json.summary.rules[0]!.nearestMiss.matched.length, 1);
    assert.equal(json.verdicts[0]!.matched.length, 1);

    const md = renderMarkdown(run.summary);
    assert.match(md, /Holds for this event \(1\):\n\n- `detail-type` wants `\[\{"prefix":"v2\.detail\.events\.conversation\."\}\]`, event has `"v2\.detail/);
    assert.match(md, /<details><summary>The whole event<\/summary>\n\n````json\n\{\n  "version"/, 'the fence is longer than the event\'s own backticks');
    assert.match(md, /Nearest miss: event ````has-```-fence````/);
    const html = renderHtml(run.summary, run.verdicts, { rules: [rule] });
    assert.match(html, /<ul class="holds"><li><code>detail-type<\/code>/);
  });

  it('Markdown leaves a large event to the other reports', async () => {
    const rule = { name: 'r', origin: 't', pattern: { detail: { nope: ['x'] } } };
    const event = { ...(events[0] as object), detail: { many: Array.from({ length: 5000 }, (_, i) => `value-${i}`) } };
    const run = await runRuleTests({ rules: [rule], events: [{ event, source: 'f', line: 1 }] });
    assert.match(renderMarkdown(run.summary), /The whole event \(\d+ characters as JSON\) is in verdicts\.json and report\.html\./);
  });
});
