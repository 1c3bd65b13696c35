import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML_CSP } from '../../../src/report/formatters/html.js';
import type { Report } from '../../../src/report/types.js';
import { FAILING, HOSTILE, hostileInventory, jsonReport, tempDir } from '../../cli/formats/helpers.js';
import { runCliProcess } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`${CHROMIUM} is missing: the HTML browser tests are skipped (apt-get install chromium)`);
}

function htmlFor(file: string, dir: string, name: string): string {
  const out = path.join(dir, name);
  const run = runCliProcess(['check', file, '--as-of', AS_OF, '--report', `html=${out}`, '-q']);
  expect(run.status).toBe(1);
  return out;
}

describe('HTML report (static checks)', () => {
  it('is self-contained: strict CSP, no external resources, JSON block with < escaped', () => {
    const dir = tempDir();
    const html = readFileSync(htmlFor(hostileInventory(dir), dir, 'hostile.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href="(?!data:)/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/@import|url\(/i);
    // exactly the two scripts we put there, whatever the inventory says
    expect(html.match(/<script/gi)).toHaveLength(2);
    const json = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)?.[1] ?? '';
    expect(json).not.toContain('<');
    expect(json).toContain('\\u003cscript');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('\u001b');
  });
});

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  let userDataDir: string;
  let dir: string;
  let report: Report;

  beforeAll(async () => {
    dir = tempDir();
    userDataDir = mkdtempSync(path.join(tmpdir(), 'residency-chromium-'));
    report = await jsonReport(FAILING);
    // a fresh user-data dir for every run
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  async function open(file: string): Promise<{ page: Page; requests: string[]; dialogs: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, requests, dialogs, errors };
  }

  it('shows the score, sorts and filters the findings table, and stays offline', async () => {
    const file = htmlFor(FAILING, dir, 'report.html');
    const { page, requests, dialogs, errors } = await open(file);
    expect(await page.title()).toBe(`residency report — Acme Corp (as of ${AS_OF})`);
    expect(await page.textContent('#score')).toBe(String(report.summary.score));
    expect(await page.textContent('#verdict')).toBe('FAIL');
    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(report.findings.length);
    expect(await page.textContent('#shown')).toBe(`${report.findings.length} of ${report.findings.length}`);

    // default order: severity, most severe first
    const firstSeverity = async (): Promise<string> => (await rows.first().locator('td').first().textContent()) ?? '';
    expect(await firstSeverity()).toBe('critical');
    await page.click('#findings th[data-key="severity"]');
    expect(await page.getAttribute('#findings th[data-key="severity"]', 'aria-sort')).toBe('descending');
    expect(await firstSeverity()).toBe('low');

    // sort by rule: the first column cells of rule come out in order
    await page.click('#findings th[data-key="rule"]');
    const ruleCells = await page.locator('#findings tbody tr td:nth-child(2)').allTextContents();
    expect(ruleCells).toEqual([...ruleCells].sort());
    expect(new Set(ruleCells).size).toBeGreaterThan(1);

    // filter by text
    await page.fill('#filter', 'Harbour');
    // the filter is case-insensitive over every column (rule, vendor, service, data, status, location, message)
    const harbour = report.findings.filter((f) =>
      [
        f.ruleId,
        f.vendor?.name,
        f.service?.name ?? f.service?.id,
        f.data?.category,
        f.status,
        f.location?.file,
        f.message,
      ]
        .join('\n')
        .toLowerCase()
        .includes('harbour'),
    );
    expect(harbour.length).toBeGreaterThan(0);
    expect(await rows.count()).toBe(harbour.length);
    for (const text of await page.locator('#findings tbody tr').allTextContents())
      expect(text.toLowerCase()).toContain('harbour');
    await page.fill('#filter', '');
    await page.selectOption('#severity-filter', 'medium');
    expect(await rows.count()).toBe(report.summary.counts.medium);

    // charts are inline SVG
    expect(await page.locator('figure.chart svg').count()).toBe(3);
    await page.selectOption('#severity-filter', '');
    mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-artifacts/report.png'), fullPage: false });

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  }, 60_000);

  it('keeps a <script> vendor name as text: no dialog, no script, no request', async () => {
    const file = htmlFor(hostileInventory(dir), dir, 'hostile.html');
    const { page, requests, dialogs, errors } = await open(file);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    const vendorHeading = page.locator('section#v-hostile-vendor h3');
    expect(await vendorHeading.textContent()).toContain(HOSTILE.script);
    await page.fill('#filter', 'alert(1)');
    expect(await page.locator('#findings tbody tr').count()).toBeGreaterThan(0);
    // every row shown holds the text (as text), most of them in the hostile vendor's own cell
    const shown = await page.locator('#findings tbody tr').allTextContents();
    expect(shown.every((t) => t.includes('alert(1)'))).toBe(true);
    const cells = await page.locator('#findings tbody tr td:nth-child(3)').allTextContents();
    expect(cells.some((c) => c === HOSTILE.script)).toBe(true);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  }, 60_000);
});
