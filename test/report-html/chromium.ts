/** Headless Chromium for the report tests: where it is, how it is started, and a blank-screenshot check. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Luminance variance and colour count of a PNG, decoded by the browser in a blank page. */
export async function pixelStats(context: import('playwright-core').BrowserContext, png: Buffer): Promise<{ variance: number; distinctColours: number }> {
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

/** Opens `url` in a new page, recording every request and every console or page error. */
export async function openWatched(context: import('playwright-core').BrowserContext, url: string) {
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, consoleErrors };
}

/** Skips the test (fails it in CI) when Chromium is not installed; true when it may run. */
export function chromiumPresent(t: { skip(message: string): void }): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) assert.fail(`Chromium is required in CI but ${CHROMIUM} is missing`);
  t.skip(`${CHROMIUM} not found`);
  return false;
}

/** Writes `html` to a temporary report.html and opens it in headless Chromium (fresh profile, clipboard allowed); everything is removed after `use`. */
export async function withReportPage<T>(html: string, use: (opened: Awaited<ReturnType<typeof openWatched>> & { url: string; context: BrowserContext }) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-report-html-'));
  const profile = await mkdtemp(join(tmpdir(), 'gceb-chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1300, height: 900 } });
  try {
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    const url = pathToFileURL(file).href;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    return await use({ ...(await openWatched(context, url)), url, context });
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}
