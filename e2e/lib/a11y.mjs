// The checks every screen a journey shows must pass (run by e2e/run.mjs at each screenshot and on the
// pages still open when a journey ends):
// - axe-core (Deque's WCAG 2.x A/AA rules): no violation of impact "critical" or "serious";
// - on the phone, every control a finger taps is at least 44 × 44 CSS px (a link inside a sentence
//   excepted, as WCAG 2.5.5 does);
// - in the Chinese UI, no English words and no raw codes (`picked_up`, `in_progress`) in visible text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Latin words allowed in the Chinese UI: names of formats, standards and products people know by them. */
const ALLOWED_LATIN = new Set([
  'Excel',
  'WPS',
  'xlsx',
  'PDF',
  'Open311',
  'TOTP',
  'App',
  'QR',
  'ID',
  'WiFi',
  'Wi-Fi',
  'SMS',
  'API',
  'URL',
  'MiniApp',
  'LibreOffice',
  'Google',
  'Microsoft',
  'Authenticator',
  'IP',
  'KB',
  'MB',
  'GB',
  'OK',
  // A language switch names each language in its own words.
  'English',
]);

const MIN_TAP_PX = 44;
/** How long a screen gets to finish its animations before a finding is confirmed. */
const SETTLE_MS = 800;

/**
 * What is wrong with the screen `page` shows now: a list of short descriptions (empty when all is well).
 * `mobile`: check tap targets; `zh`: check for English and raw codes when the page is in Chinese.
 */
export async function screenProblems(page, { mobile }) {
  if (page.isClosed()) return [];
  const url = new URL(page.url());
  if (!/^\/(m|console)(\/|$)/.test(url.pathname)) return []; // API answers, PDFs, downloads
  await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  // A toast fading in or a drawer sliding in is read by axe mid-animation (a white label on a
  // half-transparent grey, 2:1). What a person reads is the settled screen, so a finding counts only
  // when it is still there after the screen has had time to settle; everything else is checked once.
  let result = await runAxe(page);
  if (result.length > 0) {
    await page.waitForTimeout(SETTLE_MS);
    const before = new Set(result.flatMap((v) => v.keys));
    result = (await runAxe(page))
      .map((v) => ({ ...v, nodes: v.nodes.filter((_, i) => before.has(v.keys[i])) }))
      .filter((v) => v.nodes.length > 0);
  }
  const problems = result.map(
    (v) => `axe ${v.impact} ${v.id} (${v.nodes.length}×: ${v.help}) at ${v.nodes.slice(0, 4).join(' | ')}`,
  );

  if (mobile) {
    // As with axe: a dialog still closing (its buttons mid-animation) is not what a finger taps, so a
    // small target counts only when it is still there once the screen has settled.
    const smallTargets = () =>
      page.evaluate((min) => {
        const out = [];
        const sel =
          'a[href], button, [role=button], [role=tab], [role=checkbox], [role=radio], input:not([type=hidden]), select, textarea';
        for (const el of document.querySelectorAll(sel)) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue; // not shown
          const style = getComputedStyle(el);
          if (style.visibility === 'hidden' || el.closest('[aria-hidden=true]')) continue;
          // A file input hidden under its big button, a link inside a sentence: not a target of its own.
          if (el.matches('input[type=file]') && (style.opacity === '0' || r.width < 2)) continue;
          if (
            el.matches('a') &&
            style.display === 'inline' &&
            el.parentElement &&
            el.parentElement.textContent.trim() !== el.textContent.trim()
          )
            continue;
          // A control stretched by its label (a checkbox inside a big row) counts the label's box.
          const box = el.closest('label')?.getBoundingClientRect() ?? r;
          if (Math.max(box.height, r.height) + 0.5 < min || Math.max(box.width, r.width) + 0.5 < min) {
            const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.tagName)
              .trim()
              .slice(0, 20);
            out.push(
              `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${name}" ${Math.round(r.width)}×${Math.round(r.height)}`,
            );
          }
        }
        return out;
      }, MIN_TAP_PX);
    let small = await smallTargets();
    if (small.length) {
      await page.waitForTimeout(SETTLE_MS);
      const before = new Set(small);
      small = (await smallTargets()).filter((x) => before.has(x));
    }
    if (small.length)
      problems.push(
        `tap targets under ${MIN_TAP_PX}px: ${small.slice(0, 6).join('; ')}${small.length > 6 ? ` (+${small.length - 6})` : ''}`,
      );
  }

  const zh = await page.evaluate(() => (localStorage.getItem('louzhang.lang') ?? 'zh-CN').startsWith('zh'));
  if (zh) {
    const words = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const found = new Set();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('script, style, code, [translate=no], [data-raw]')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        for (const m of n.textContent.matchAll(/[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]/g)) found.add(m[0]);
      }
      return [...found];
    });
    const bad = words.filter((w) => (w.includes('_') || w.length >= 3) && !isAllowedLatin(w));
    if (bad.length) problems.push(`English or raw codes in the Chinese UI: ${bad.slice(0, 12).join(', ')}`);
  }
  return problems;
}

/** axe's serious and critical findings on the page as it is now, each node keyed by rule and selector. */
async function runAxe(page) {
  return page.evaluate(async () => {
    const axe = window.axe;
    // antd's tables keep an aria-hidden, zero-height row for measuring column widths; nobody reaches
    // it (axe flags a checkbox in it as focusable-but-hidden). Every other part of the page is checked.
    const r = await axe.run(
      { exclude: [['.ant-table-measure-row']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'],
      },
    );
    return r.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        keys: v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`),
        nodes: v.nodes.map(
          (n) =>
            `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 2).join(' ').trim()}` : ''}`,
        ),
        count: v.nodes.length,
      }));
  });
}

function isAllowedLatin(word) {
  if (ALLOWED_LATIN.has(word)) return true;
  if (/^[A-Z0-9-]+$/.test(word) && !word.includes('_')) return true; // codes people read: 3A4B, GB-2312, a plate
  if (/^[a-z0-9]{4,}$/.test(word) && /\d/.test(word)) return true; // tokens and ids with digits (test tags)
  return false;
}
