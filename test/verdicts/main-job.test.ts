import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateEvents } from '../../src/sample/index.js';
import { loadRules } from '../../src/rules/load.js';
import { compilePattern, explainCompiled } from '../../src/pattern/index.js';
import { MainJob, boundFailures, runRuleTests } from '../../src/verdicts/index.js';
import type { TestRule } from '../../src/rules/types.js';
import { benchRules } from '../../scripts/bench/pattern-rules.js';
import { verdictToNdjson } from '../../src/report/verdict-formats.js';

const events = [...generateEvents({ count: 600, seed: 7 })];

async function ruleSets(): Promise<TestRule[][]> {
  const sample = await loadRules(['sample'], {});
  const bench = benchRules(60, 3).map((r) => ({ ...r, origin: 'bench' }));
  const extra: TestRule[] = [
    { name: 'or', origin: 't', pattern: { detail: { eventBody: { $or: [{ mediaType: ['VOICE'] }, { direction: ['OUTBOUND'] }] } } } },
    { name: 'object', origin: 't', pattern: { detail: { eventBody: ['x'] } } },
    // Too many top-level leaves for one failure signature: its misses are counted per class directly.
    { name: 'wide', origin: 't', pattern: { source: [{ prefix: 'aws.partner/' }], detail: { eventBody: Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`f${i}`, [i % 2 === 0 ? 'x' : { exists: false }]])) } } },
    { name: 'dup', origin: 't', pattern: { detail: { eventBody: { mediaType: [{ prefix: 'V' }] } }, source: [{ 'equals-ignore-case': 'AWS.PARTNER/GENESYS.COM' }] } },
  ];
  return [sample, bench, extra];
}

describe('MainJob', () => {
  it('every streamed verdict (memoised) equals explainCompiled on that very event', async () => {
    for (const rules of await ruleSets()) {
      const job = new MainJob(rules, { stream: 'all', maxKeptVerdicts: 0 });
      const compiled = rules.map((r) => compilePattern(r.pattern as object));
      for (const event of events) {
        const { streamed } = job.test(event);
        assert.equal(streamed.length, rules.length);
        streamed.forEach((verdict, r) => {
          const expected = explainCompiled(compiled[r]!, event);
          assert.equal(verdict.match, expected.Result, `${rules[r]!.name} x ${(event as { id: string }).id}`);
          assert.deepEqual(verdict.failures, boundFailures(expected.failures), `${rules[r]!.name} x ${(event as { id: string }).id}`);
          assert.equal(verdictToNdjson(verdict), `${JSON.stringify(verdict)}\n`);
        });
      }
    }
  });

  it('counts failure classes exactly as the full explanations do, among the events about the rule\'s topics', async () => {
    for (const rules of await ruleSets()) {
      const { summary } = await runRuleTests({ rules, events: events.map((event, i) => ({ event, source: 'mem', line: i + 1 })) });
      rules.forEach((rule, r) => {
        const compiled = compilePattern(rule.pattern as object);
        const counts = new Map<string, number>();
        let matched = 0;
        let relevant = 0;
        for (const event of events) {
          const e = event as unknown as Record<string, unknown>;
          const about = ['source', 'detail-type'].every((path) => {
            const leaf = compiled.parsed.entries.filter((x) => x.kind === 'leaf' && x.leaf.path === path).pop();
            return leaf === undefined || (leaf.kind === 'leaf' && leaf.leaf.conditions.some((c) => c.test(e[path] as string)));
          });
          const x = explainCompiled(compiled, event);
          if (x.Result) matched++;
          if (!about) continue;
          relevant++;
          for (const f of x.failures) counts.set(`${f.code} ${f.path}`, (counts.get(`${f.code} ${f.path}`) ?? 0) + 1);
        }
        const s = summary.rules[r]!;
        assert.equal(s.matched, matched, rule.name);
        assert.equal(s.relevant, relevant, rule.name);
        assert.equal(s.otherTopics, events.length - relevant);
        const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([, n]) => n);
        assert.deepEqual(s.topFailures.map((f) => f.count), top, rule.name);
        for (const f of s.topFailures) assert.equal(f.count, counts.get(`${f.code} ${f.path}`), `${rule.name} ${f.code} ${f.path}`);
      });
    }
  });

  it('the nearest miss is an event about the rule\'s topic, and one that has the field beats one that lacks it', async () => {
    const rule: TestRule = { name: 'r', origin: 't', pattern: { 'detail-type': ['t'], detail: { a: ['yes'], b: ['yes'] } } };
    const base = { id: '', account: '1', source: 's', time: 't', region: 'r', resources: [] };
    const mem = [
      { ...base, id: 'other-topic', 'detail-type': 'u', detail: { a: 'yes', b: 'yes' } },
      { ...base, id: 'lacks', 'detail-type': 't', detail: { a: 'yes' } },
      { ...base, id: 'has', 'detail-type': 't', detail: { a: 'yes', b: 'no' } },
    ].map((event, i) => ({ event, source: 'mem', line: i + 1 }));
    const { summary } = await runRuleTests({ rules: [rule], events: mem });
    const s = summary.rules[0]!;
    assert.equal(s.nearestMiss?.eventId, 'has');
    assert.equal(s.relevant, 2);
    assert.equal(s.otherTopics, 1);
    assert.deepEqual(s.topFailures.map((f) => [f.code, f.path, f.count]), [['missing-field', 'detail.b', 1], ['value-mismatch', 'detail.b', 1]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });

  it('--verdicts matches / misses / none choose what the stream carries; counts stay exact', async () => {
    const rules = (await ruleSets())[0]!;
    const mem = events.slice(0, 50).map((event, i) => ({ event, source: 'mem', line: i + 1 }));
    const counts: Record<string, number> = {};
    for (const which of ['all', 'matches', 'misses', 'none'] as const) {
      let n = 0;
      const { summary } = await runRuleTests({ rules, events: mem, verdicts: which, onVerdicts: (v) => { n += v.length; assert.ok(v.every((x) => which === 'all' || (which === 'matches') === x.match)); } });
      counts[which] = n;
      assert.equal(summary.verdicts, 50 * rules.length);
    }
    assert.equal(counts.all, counts.matches! + counts.misses!);
    assert.equal(counts.none, 0);
  });

  it('counts by miss class exactly as rule by rule: same summary, on events with odd cases, arrays, objects and numbers', async () => {
    // Events of one topic that differ where the probe takes short cuts: upper/lower case, strings vs numbers, arrays, objects, absent fields.
    const odd = events.slice(0, 300).map((event, i) => {
      const e = structuredClone(event) as unknown as { detail: { topicName?: unknown; eventBody?: Record<string, unknown> } };
      const body = e.detail.eventBody ?? {};
      if (i % 7 === 1 && typeof body.mediaType === 'string') body.mediaType = body.mediaType.toLowerCase();
      if (i % 7 === 2) body.mediaType = ['CHAT', 'VOICE'];
      if (i % 7 === 3) body.queueId = { id: 'x' };
      if (i % 7 === 4 && typeof e.detail.topicName === 'string') e.detail.topicName = e.detail.topicName.toUpperCase();
      if (i % 7 === 5) body.routingPriority = '5000';
      if (i % 7 === 6) delete body.direction;
      return { event: e, source: 'mem', line: i + 1 };
    });
    const stripTimes = (x: unknown) => JSON.parse(JSON.stringify(x));
    for (const rules of await ruleSets()) {
      const byClass = await runRuleTests({ rules, events: odd });
      const byRule = await runRuleTests({ rules, events: odd, maxMissClasses: 0 });
      assert.deepEqual(stripTimes(byClass.summary), stripTimes(byRule.summary));
    }
  });

  it('leaf codes remembered by value tell apart values that are equal only loosely: 0, -0, "0", true, "true", null, case', async () => {
    const priorities: unknown[] = [0, -0, '0', 1, '1', true, 'true', null, 'null', 'CHAT', 'chat', 'Chat', ''];
    // (as text, so that -0 reaches the reader as the literal it parses to -0)
    const typed = events.slice(0, 26 * 13).map((event, i) => {
      const e = structuredClone(event) as unknown as { detail: { eventBody?: Record<string, unknown> } };
      const body = (e.detail.eventBody ??= {});
      body.routingPriority = '\u0000p';
      body.mediaType = priorities[Math.floor(i / priorities.length) % priorities.length];
      const text = JSON.stringify(e).replace('"\\u0000p"', i % priorities.length === 1 ? '-0' : JSON.stringify(priorities[i % priorities.length]));
      return { event: JSON.parse(text) as unknown, source: 'mem', line: i + 1 };
    });
    assert.ok(Object.is((typed[1]!.event as { detail: { eventBody: { routingPriority: unknown } } }).detail.eventBody.routingPriority, -0));
    const rules: TestRule[] = [
      { name: 'zero', origin: 't', pattern: { detail: { eventBody: { routingPriority: [0] } } } },
      { name: 'zero-range', origin: 't', pattern: { detail: { eventBody: { routingPriority: [{ numeric: ['<=', 0] }] } } } },
      { name: 'text-zero', origin: 't', pattern: { detail: { eventBody: { routingPriority: ['0'] } } } },
      { name: 'true', origin: 't', pattern: { detail: { eventBody: { routingPriority: [true], mediaType: [{ 'equals-ignore-case': 'chat' }] } } } },
      { name: 'null', origin: 't', pattern: { detail: { eventBody: { routingPriority: [null], mediaType: ['CHAT', 'null'] } } } },
      { name: 'not-chat', origin: 't', pattern: { detail: { eventBody: { mediaType: [{ 'anything-but': ['CHAT'] }] } } } },
    ];
    const stripTimes = (x: unknown) => JSON.parse(JSON.stringify(x));
    const byClass = await runRuleTests({ rules, events: typed });
    const byRule = await runRuleTests({ rules, events: typed, maxMissClasses: 0 });
    assert.deepEqual(stripTimes(byClass.summary), stripTimes(byRule.summary));
    assert.ok(byClass.summary.rules.every((r) => r.matched > 0), 'each rule matches some events');
  });

  it('a remembered explanation is reused only where it is exact: parents inside arrays, "did you mean", a string detail, the source quoted, many keys', () => {
    const rules: TestRule[] = [
      { name: 'in-array', origin: 't', pattern: { detail: { eventBody: { transcripts: { channel: ['EXTERNAL'] } } } } },
      { name: 'media', origin: 't', pattern: { detail: { eventBody: { mediaType: ['VOICE'], queueId: [{ exists: true }] } } } },
      { name: 'org', origin: 't', pattern: { detail: { orgId: ['o-1'] } } },
      { name: 'deep', origin: 't', pattern: { detail: { eventBody: { k0: { inner: ['x'] } } } } },
    ];
    const base = events[0] as unknown as Record<string, unknown> & { detail: { eventBody: Record<string, unknown> } };
    const variants: Array<(e: typeof base) => void> = [
      (e) => (e.detail.eventBody.transcripts = [{ a: 1 }]),
      (e) => (e.detail.eventBody.transcripts = [{ b: 1 }]),
      (e) => (e.detail.eventBody.transcripts = [{ a: 1 }, { channel: 'INTERNAL' }]),
      (e) => delete e.detail.eventBody.queueId,
      (e) => {
        delete e.detail.eventBody.queueId;
        e.detail.eventBody.routing = { QueueId: 'q' };
      },
      (e) => {
        delete e.detail.eventBody.queueId;
        e.detail.eventBody['Customer.QueueID'] = 'q';
      },
      (e) => (e.source = 'aws.partner/genesys.com/cloud/other-org/suffix'),
      (e) => (e.detail = JSON.stringify(e.detail) as never),
      (e) => (e.detail = '{not json' as never),
      // Ten keys in eventBody, k0 a string or absent: the first eight keys and the count agree.
      (e) => (e.detail.eventBody = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v']))),
      (e) => (e.detail.eventBody = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i === 0 ? 'z' : `k${i}`, 'v']))),
      (e) => (e.detail.eventBody = { ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i + 1}`, 'v'])), y: 'v' }),
    ];
    const job = new MainJob(rules, { stream: 'all', maxKeptVerdicts: 0 });
    const compiled = rules.map((r) => compilePattern(r.pattern as object));
    for (let round = 0; round < 2; round++) {
      for (const [i, change] of variants.entries()) {
        const event = structuredClone(base);
        change(event);
        job.test(event).streamed.forEach((verdict, r) => {
          assert.deepEqual(verdict.failures, boundFailures(explainCompiled(compiled[r]!, event).failures), `${rules[r]!.name} x variant ${i}`);
          assert.equal(verdictToNdjson(verdict), `${JSON.stringify(verdict)}\n`);
        });
      }
    }
  });
});
