import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml, runRuleTests } from '../../src/report/index.js';
import { chromiumPresent, withReportPage } from './chromium.js';

const HOSTILE = '</script><img src=x onerror="document.title=\'pwned\'"><b>bold</b>';
const BIG = 2_000_000;

/** A Genesys-like event whose text tries to become markup, with one huge value and a `__proto__` key. */
function hostileEvent(): unknown {
  return JSON.parse(JSON.stringify({
    version: '0', id: 'evt-hostile', 'detail-type': 'v2.users.{id}.presence', source: 'aws.partner/genesys.com/cloud/x/bus',
    account: '123456789012', time: '2024-05-01T10:00:00Z', region: 'us-east-1', resources: [],
    detail: { topicName: 'v2.users.u1.presence', eventBody: { presenceDefinition: { systemPresence: 'AVAILABLE' }, note: HOSTILE, blob: 'x'.repeat(BIG) } },
  }).replace('"detail":{', '"detail":{"__proto__":{"polluted":true},'));
}

test('report.html: a nearest miss opens to its whole event, fields that hold and fail marked, event text stays text, bounded', { timeout: 120_000 }, async (t) => {
  if (!chromiumPresent(t)) return;
  const rules = [{
    name: 'on-queue-presence', origin: 'test', expect: 'match' as const,
    pattern: { 'detail-type': ['v2.users.{id}.presence'], detail: { eventBody: { presenceDefinition: { systemPresence: ['ON_QUEUE'] } } } },
  }];
  const run = await runRuleTests({ rules, events: [{ event: hostileEvent(), source: 'events.ndjson', line: 1 }] });
  const miss = run.summary.rules[0]!.nearestMiss!;
  assert.equal(miss.eventTruncated, true);
  const html = renderHtml(run.summary, run.verdicts, { rules });
  assert.ok(html.length < 100_000, `a ${BIG}-character value leaves the report small (${html.length} characters)`);
  assert.ok(!html.includes(HOSTILE), 'the event text is escaped');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);

  await withReportPage(html, async ({ page, requests, consoleErrors, url }) => {
    const rule = page.locator('details.rule[data-name="on-queue-presence"]');
    const pre = rule.locator('pre[id$="-event"]');
    assert.equal(await pre.isVisible(), false, 'the event is folded until opened');
    await rule.locator('details.event > summary').click();
    assert.equal(await pre.isVisible(), true);

    const shown = JSON.parse((await pre.textContent())!) as { id: string; detail: Record<string, { note?: string; blob?: string; presenceDefinition?: unknown; polluted?: boolean }> };
    assert.equal(shown.id, 'evt-hostile');
    assert.equal(shown.detail.eventBody!.note, HOSTILE, 'the hostile text is shown as text');
    assert.deepEqual(shown.detail.eventBody!.presenceDefinition, { systemPresence: 'AVAILABLE' });
    assert.match(shown.detail.eventBody!.blob!, new RegExp(`^x{1000}… \\[truncated: ${BIG} characters\\]$`));
    assert.ok(Object.hasOwn(shown.detail, '__proto__'), '__proto__ is shown as the own key it is');
    assert.equal(await page.locator('img, b').count(), 0, 'no element came from the event');
    assert.equal(await page.title(), 'gceb test report');

    // Fields that hold and fail are marked; what holds is listed with the event's values.
    assert.deepEqual(await pre.locator('.j-ok').allTextContents(), ['"detail-type"']);
    assert.deepEqual(await pre.locator('.j-bad').allTextContents(), ['"systemPresence"']);
    const holds = await rule.locator('ul.holds li').allTextContents();
    assert.deepEqual(holds, ['detail-type wants ["v2.users.{id}.presence"], event has "v2.users.{id}.presence"']);

    await rule.locator('button.copy[data-copy$="-event"]').click();
    await page.waitForFunction(() => document.querySelector('button.copy[data-copy$="-event"]')?.textContent === 'Copied');
    assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), shown, 'the copy is the JSON shown');

    assert.deepEqual(requests.filter((r) => r !== url && !r.startsWith('data:')), [], 'no network request');
    assert.deepEqual(consoleErrors, [], 'no console errors (CSP violations, script errors)');
  });
});
