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

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(url, { waitUntil: 'load' });

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

/** Luminance variance and colour count of a PNG, decoded by the browser in a blank page. */
async function pixelStats(context: import('playwright-core').BrowserContext, png: Buffer): Promise<{ variance: number; distinctColours: number }> {
  const page = await context.newPage();
  try {
    return await page.evaluate(async (dataUrl) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      let sumSq = 0;
      const colours = new Set<number>();
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        sum += y;
        sumSq += y * y;
        if (colours.size < 10000) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
      const mean = sum / n;
      return { variance: sumSq / n - mean * mean, distinctColours: colours.size };
    }, `data:image/png;base64,${png.toString('base64')}`);
  } finally {
    await page.close();
  }
}
