import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRules } from '../../src/rules/load.js';
import { renderHtml, runRuleTests } from '../../src/report/index.js';
import { compilePattern, matches } from '../../src/pattern/index.js';
import { chromiumPresent, pixelStats, withReportPage } from './chromium.js';


test('report.html in headless Chromium: filters hide rows, the copy button copies the corrected pattern, not blank, no network', { timeout: 120_000 }, async (t) => {
  if (!chromiumPresent(t)) return;
  // The sample rules, plus one whose expectation fails (a conversation id at the wrong depth, expected to fire).
  const rules = [
    ...(await loadRules(['sample'])),
    { name: 'calls-by-conversation', origin: 'test', expect: 'match' as const, pattern: { 'detail-type': [{ prefix: 'v2.detail.events.conversation.' }], detail: { conversationId: [{ exists: true }] } } },
  ];
  const events: Array<{ event: unknown; source: string; line: number }> = [];
  const { readEvents } = await import('../../src/events/index.js');
  for await (const record of readEvents('sample')) if (events.push(record) >= 300) break;
  const run = await runRuleTests({ rules, events });
  const byId = new Map(events.map((r) => [(r.event as { id: string }).id, r.event]));
  const html = renderHtml(run.summary, run.verdicts, { rules });
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i, 'no external resource');

  await withReportPage(html, async ({ page, requests, consoleErrors, url, context }) => {
    const total = await page.locator('details.rule').count();
    assert.equal(total, rules.length);
    const checked = run.summary.rules.filter((r) => r.expectation);
    const met = checked.filter((r) => r.expectation!.met).length;
    assert.equal(await page.locator('#headline').textContent(), `Expectations met: ${met} of ${checked.length}`);
    const firstStatus = await page.locator('details.rule').first().getAttribute('data-status');
    assert.ok(met < checked.length);
    assert.equal(firstStatus, 'unmet', 'failing expectations come first');
    assert.equal(await page.locator('details.rule').first().getAttribute('open'), '', 'and are open');

    // Search: one rule's name leaves that rule (and any whose text contains it).
    await page.fill('#q', 'conversation-id-under-detail');
    const visible = await page.locator('details.rule:not([hidden])').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));
    assert.deepEqual(visible, ['conversation-id-under-detail']);
    assert.equal(await page.locator('#count').textContent(), `1 of ${total} rules shown`);
    await page.fill('#q', '');
    // Status filter.
    await page.selectOption('#status', 'met');
    const statuses = await page.locator('details.rule:not([hidden])').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    assert.ok(statuses.length > 0 && statuses.length < total && statuses.every((s) => s === 'met'), JSON.stringify(statuses));
    await page.selectOption('#status', 'all');
    // Topic filter: only rules about that topic stay.
    await page.selectOption('#topic', 'v2.conversations.{id}.transcription');
    const byTopic = await page.locator('details.rule:not([hidden])').count();
    assert.ok(byTopic > 0 && byTopic < total, `topic filter leaves ${byTopic} of ${total}`);
    await page.selectOption('#topic', '');
    assert.equal(await page.locator('details.rule:not([hidden])').count(), total);

    // The copy button copies the whole corrected pattern, and that pattern matches the nearest miss.
    const rule = page.locator('details.rule[data-name="conversation-id-under-detail"]');
    await rule.evaluate((el) => { (el as HTMLDetailsElement).open = true; });
    const shown = await rule.locator('pre[id$="-fixed"]').textContent();
    assert.ok(shown, 'a corrected pattern is shown');
    await rule.locator('button.copy[data-copy$="-fixed"]').click();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('button.copy')).some((b) => b.textContent === 'Copied'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, shown);
    const summary = run.summary.rules.find((r) => r.rule === 'conversation-id-under-detail')!;
    assert.ok(matches(compilePattern(copied), byId.get(summary.nearestMiss!.eventId)), 'the copied pattern matches the nearest miss');
    assert.ok(!('conversationId' in (JSON.parse(copied) as { detail: object }).detail), 'the misplaced condition moved');
    // The nearest-miss event can be opened in full.
    await rule.locator('details.event > summary').click();
    assert.deepEqual(JSON.parse((await rule.locator('pre[id$="-event"]').textContent())!), byId.get(summary.nearestMiss!.eventId));

    const shot = await page.screenshot({ fullPage: false });
    if (process.env.GCEB_SCREENSHOT_DIR) await writeFile(join(process.env.GCEB_SCREENSHOT_DIR, 'report.png'), shot);
    const stats = await pixelStats(context, shot);
    assert.ok(stats.variance > 100, `screenshot is not blank (variance ${stats.variance.toFixed(1)})`);

    assert.deepEqual(requests.filter((r) => r !== url && !r.startsWith('data:')), [], 'no network request');
    assert.deepEqual(consoleErrors, [], 'no console errors (CSP violations, script errors)');
  });
});
