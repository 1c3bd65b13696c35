import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/types.js';
import { FAILING, jsonReport, tempDir } from '../../cli/formats/helpers.js';
import { runCliProcess } from '../../cli/run.js';
import { AS_OF, ROOT } from '../../helpers.js';

/** Issue 16, the auditor's view of the HTML report: summary first, rule ids whole, legends whole, 800 px, folded vendors. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

describe.skipIf(!hasChromium)('HTML report for an auditor (headless Chromium)', () => {
  let browser: BrowserContext;
  let userDataDir: string;
  let file: string;
  let report: Report;

  beforeAll(async () => {
    const dir = tempDir();
    file = path.join(dir, 'report.html');
    expect(runCliProcess(['check', FAILING, '--as-of', AS_OF, '--report', `html=${file}`, '-q']).status).toBe(1);
    report = await jsonReport(FAILING);
    userDataDir = mkdtempSync(path.join(tmpdir(), 'residency-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return page;
  }

  for (const width of [1400, 800]) {
    it(`at ${width} px: opens on the summary, rule ids on one line, legends whole, no sideways scroll`, async () => {
      const page = await open(width);
      // the summary (totals by regime and basis) comes before the charts and the findings
      const order = await page.evaluate(() => {
        const top = (sel: string): number => document.querySelector(sel)?.getBoundingClientRect().top ?? -1;
        return { summary: top('#summary'), charts: top('.charts'), findings: top('#findings') };
      });
      expect(order.summary).toBeGreaterThan(0);
      expect(order.summary).toBeLessThan(order.charts);
      expect(order.summary).toBeLessThan(order.findings);
      expect(order.summary).toBeLessThan(900);
      const regimes = await page.locator('#summary .totals').first().locator('tbody tr').count();
      expect(regimes).toBe(
        report.summary.totals.byRegime.length + (report.summary.totals.noRegime.findings > 0 ? 1 : 0),
      );

      // every rule id in the findings table is one line high
      const tall = await page.evaluate(
        () =>
          [...document.querySelectorAll('#findings tbody tr td:nth-child(2)')].filter((td) => {
            const range = document.createRange();
            range.selectNodeContents(td);
            return range.getClientRects().length > 1;
          }).length,
      );
      expect(tall).toBe(0);

      // legend labels of the charts are inside their SVG (not cut off)
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll('.chart svg')].flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')]
            .map((t) => t.getBoundingClientRect())
            .filter((r) => r.right > box.right + 1 || r.left < box.left - 1)
            .map((r) => `${r.left}-${r.right} outside ${box.left}-${box.right}`);
        }),
      );
      expect(cut).toEqual([]);

      // usable: the page itself never scrolls sideways
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(ARTIFACTS, `report-${width}.png`), fullPage: true });
      await page.close();
    });
  }

  it('folds each vendor’s findings, so the page is short until opened', async () => {
    const page = await open(1400);
    const folded = page.locator('details.vendor-findings');
    const withFindings = report.vendors.filter((v) => v.findings > 0).length;
    expect(await folded.count()).toBe(withFindings);
    expect(await page.locator('details.vendor-findings[open]').count()).toBe(0);
    const closed = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details.vendor-findings')) (d as HTMLDetailsElement).open = true;
    });
    const opened = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(opened).toBeGreaterThan(closed * 1.5);
    await page.close();
  });
});
