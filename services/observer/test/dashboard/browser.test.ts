import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@erp/kit/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestObserver, observerFile, startTestService, type TestObserver, type TestService } from '../helpers.js';

// Debian's chromium package; playwright-core downloads no browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const ci = process.env.CI === 'true';
const available = existsSync(CHROMIUM);
if (!available && !ci) console.warn(`Skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install chromium). Under CI=true it fails instead.`);

describe.runIf(available || ci)('the dashboard in headless Chromium', () => {
  let observer: TestObserver;
  let service: TestService;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let clockMs: number;
  let token: string;
  const problems: string[] = [];
  const requests: { url: string; authorization: string | undefined }[] = [];

  async function pollWithTraffic(requests: number): Promise<void> {
    for (let index = 0; index < requests; index += 1) await fetch(`${service.url}/slow`).then((response) => response.arrayBuffer());
    await observer.monitor.poll();
  }

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing; CI=true requires it (apt-get install chromium).`);
    service = await startTestService(inject('adminUrl'), 'webshop');
    const file = observerFile({
      services: {
        webshop: { url: service.url, critical_endpoints: ['GET /slow'], thresholds: { latency_p95_ms: 200, cpu_percent: 100 } },
        ghost: { url: `http://127.0.0.1:${await freePort()}`, critical_endpoints: ['GET /health'] },
      },
      alerts: { critical_after: 2, notify: { channel: 'email', to: 'ops@example.com' } },
    });
    // Twenty minutes of history, one poll every 30 s of a clock that then catches up with the real one.
    clockMs = Date.now() - 20 * 60_000;
    observer = await buildTestObserver(inject('adminUrl'), { file, env: { OBSERVER_TIMEOUT_MS: '500' }, now: () => new Date(clockMs) });
    for (let round = 0; round < 30; round += 1) {
      service.setDelayMs(round % 3 === 0 ? 40 : 5);
      await pollWithTraffic(1 + (round % 4));
      clockMs += 30_000;
    }
    await observer.app.inject({ method: 'POST', url: '/api/v1/observer/reports/optimization', headers: { authorization: await observer.bearer() } });
    baseUrl = await observer.app.listen({ port: await freePort(), host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await observer?.close();
    await service?.close();
  });

  it('should ask for a token, then show every service with live charts, the open incident and the report links', async () => {
    await page.goto(`${baseUrl}/dashboard`);
    token = (await observer.bearer()).replace(/^Bearer /, '');
    await page.locator('#token').fill(token);
    await page.locator('#login-form button[type=submit]').click();

    const webshop = page.locator('article.service[data-service="webshop"]');
    await expect.poll(() => webshop.count()).toBe(1);
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('live');
    expect(await page.locator('article.service').evaluateAll((items) => items.map((item) => item.getAttribute('data-service')))).toEqual(['ghost', 'webshop']);
    expect(await webshop.locator('.status').textContent()).toBe('pass');
    expect(await webshop.locator('canvas').count()).toBe(5);
    expect(Number(await webshop.locator('figure[data-metric="rss_mb"]').getAttribute('data-points'))).toBeGreaterThanOrEqual(20);
    expect(await page.locator('article.service[data-service="ghost"] .status').textContent()).toBe('fail');
    expect(await page.locator('#incident-list li').allTextContents()).toEqual([expect.stringContaining('ghost · unreachable')]);
    expect(await page.locator('#report-links a').allTextContents()).toEqual(['HTML', 'Markdown', 'JSON', 'report now']);
    expect(await page.evaluate(() => sessionStorage.getItem('erp.observer.token'))).toMatch(/^ey/);
    expect(page.url()).toBe(`${baseUrl}/dashboard`);
  });

  it('should add the point of a new collection round pushed by the stream', async () => {
    const chart = page.locator('article.service[data-service="webshop"] figure[data-metric="cpu_percent"]');
    const before = Number(await chart.getAttribute('data-points'));

    clockMs = Date.now();
    await pollWithTraffic(3);

    await expect.poll(() => chart.getAttribute('data-points').then(Number), { timeout: 10_000 }).toBe(before + 1);
    expect(await page.locator('#board').getAttribute('data-last-round')).toBe(new Date(clockMs).toISOString());
    expect(await page.locator('#updated').textContent()).toContain('last round');
  });

  it('should open the latest stored report with the token, from memory', async () => {
    const popupOpened = page.waitForEvent('popup');
    await page.locator('#report-links a', { hasText: 'HTML' }).click();
    const popup = await popupOpened;

    await popup.waitForURL(/^blob:/);
    expect(await popup.locator('body').textContent()).toContain('webshop');
    await popup.close();
  });

  it('should send the token only as a header, never in a URL', async () => {
    const apiRequests = requests.filter((request) => request.url.includes('/api/v1/observer/'));

    expect(apiRequests.map((request) => new URL(request.url).pathname)).toEqual(
      expect.arrayContaining(['/api/v1/observer/dashboard', '/api/v1/observer/stream']),
    );
    for (const request of apiRequests) expect(request.authorization).toBe(`Bearer ${token}`);
    for (const request of requests) expect(request.url).not.toContain(token);
  });

  it('should have raised no script error or policy violation, and leave a screenshot', async () => {
    const path = join(tmpdir(), `erp-observer-dashboard-${Date.now()}.png`);

    await page.screenshot({ path, fullPage: true });

    console.info(`dashboard screenshot: ${path}`);
    expect(existsSync(path)).toBe(true);
    expect(problems).toEqual([]);
  });
});
