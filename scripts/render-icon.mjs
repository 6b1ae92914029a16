// Renders the extension's icon (images/icon.svg) to images/icon.png, 256x256 with a transparent background:
// vsce refuses an SVG icon. Uses playwright-core with Debian's Chromium ($PREMORTEM_E2E_CHROMIUM, default
// /usr/bin/chromium), as the e2e tests do. Run it after editing the SVG, and commit both files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZE = 256;
const svg = fs.readFileSync(path.join(ROOT, 'images', 'icon.svg'), 'utf8');
const out = path.join(ROOT, 'images', 'icon.png');

const browser = await chromium.launch({
  executablePath: process.env.PREMORTEM_E2E_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${SIZE}px;height:${SIZE}px" `)}</body></html>`,
  );
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log(`wrote ${path.relative(ROOT, out)} (${SIZE}x${SIZE})`);
} finally {
  await browser.close();
}
