import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { analyzeCoverage } from '../../src/coverage/index.js';
import { writeCoverageReport } from '../../src/report/index.js';
import { ARGS, CHROMIUM, openWatched, pixelStats } from './chromium.js';


test('coverage.html opens from disk in headless Chromium: charts drawn, page not blank, no network', { timeout: 90_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) assert.fail(`Chromium is required in CI but ${CHROMIUM} is missing (scripts/setup.sh --test installs it)`);
    t.skip(`${CHROMIUM} not found; install the chromium package to run this check`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'gceb-cov-html-'));
  const profile = await mkdtemp(join(tmpdir(), 'gceb-chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1400, height: 1000 } });
  try {
    const { result, problems } = await analyzeCoverage('sample', { redact: true });
    const topic = result.topics.find((t) => t.detailType.endsWith('.customer.start'))!.detailType;
    await writeCoverageReport(dir, result, { formats: ['html'], barTopics: [topic], problems, redact: true, rules: [{ name: 'voice', pattern: { detail: { eventBody: { mediaType: ['VOICE'] } } } }] });
    const url = pathToFileURL(join(dir, 'coverage.html')).href;

    const { page, requests, consoleErrors } = await openWatched(context, url);

    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.chart svg')).map((svg) => {
        const box = svg.getBoundingClientRect();
        return { marks: svg.querySelectorAll('path, rect').length, texts: svg.querySelectorAll('text').length, width: box.width, height: box.height };
      }),
    );
    assert.equal(charts.length, 4, 'heatmap, rule heatmap, one bar chart and its value distributions');
    for (const chart of charts) {
      assert.ok(chart.marks > 10 && chart.texts > 5, `chart has marks and labels: ${JSON.stringify(chart)}`);
      assert.ok(chart.width > 200 && chart.height > 100, `chart has a size: ${JSON.stringify(chart)}`);
    }
    assert.equal(await page.title(), 'Field coverage');

    const shot = await page.screenshot({ fullPage: false });
    const stats = await pixelStats(context, shot);
    assert.ok(stats.variance > 100, `screenshot is not blank (variance ${stats.variance.toFixed(1)}, ${stats.distinctColours} colours)`);
    assert.ok(stats.distinctColours > 20, `screenshot has many colours (${stats.distinctColours})`);

    assert.deepEqual(requests.filter((r) => r !== url), [], 'the report made no network request');
    assert.deepEqual(consoleErrors, [], 'no console errors (e.g. CSP violations)');
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
});
