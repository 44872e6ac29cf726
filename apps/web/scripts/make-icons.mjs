// Renders the phone app's PNG icons from public/m/icons/icon.svg with Debian's Chromium.
// Run by hand after changing the SVG: node apps/web/scripts/make-icons.mjs (needs fonts-noto-cjk).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../public/m/icons/', import.meta.url));
const svg = await readFile(`${dir}icon.svg`, 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  for (const [name, size, inset] of [
    ['icon-192.png', 192, 0],
    ['icon-512.png', 512, 0],
    // maskable: the platform may crop to a circle, so keep the glyph inside the 80 % safe zone
    ['icon-maskable-512.png', 512, 0.12],
  ]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const pad = Math.round(size * inset);
    const body = inset
      ? `<div style="width:${size}px;height:${size}px;background:#c8161d;display:flex;align-items:center;justify-content:center"><div style="width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg}</div></div>`
      : `<div style="width:${size}px;height:${size}px">${svg}</div>`;
    await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
    await page.screenshot({ path: `${dir}${name}`, omitBackground: !inset });
    await page.close();
    console.log(`wrote ${name}`);
  }
} finally {
  await browser.close();
}
