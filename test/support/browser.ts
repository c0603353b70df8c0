/**
 * Opens an HTML file in Debian's headless Chromium (chromium-headless-shell, or chromium) through puppeteer-core and
 * reports what rendered: per chart figure its <svg> and mark count, and every console error / page error. Throws when
 * no browser binary is installed (.ci/run installs it): the browser test must fail, not skip.
 */
import * as fs from 'node:fs';
import puppeteer from 'puppeteer-core';

export const BROWSER_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function browserPath(): string {
  const found = BROWSER_CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`no headless browser: none of ${BROWSER_CANDIDATES.join(', ')} exists (apt-get install -y chromium-headless-shell)`);
  return found;
}

export interface PageCheck {
  readonly charts: { id: string; svgs: number; marks: number; width: number }[];
  readonly errors: string[];
}

export async function openInBrowser(file: string, screenshot?: string): Promise<PageCheck> {
  const browser = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.setViewport({ width: 900, height: 1200 });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const charts = await page.$$eval('figure.chart', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        return {
          id: f.id,
          svgs: f.querySelectorAll(':scope > svg').length,
          marks: svg ? svg.querySelectorAll('g.role-mark path, g.role-mark line, g.role-mark rect').length : 0,
          width: svg ? svg.getBoundingClientRect().width : 0,
        };
      }),
    );
    if (screenshot) await page.screenshot({ path: screenshot, clip: { x: 0, y: 0, width: 900, height: 1200 } });
    return { charts, errors };
  } finally {
    await browser.close();
  }
}
