import { describe, expect, it } from 'vitest';
import { linkHeaderOf } from './page-links';

// The phone's index.html as Vite writes it (dist/m/index.html), less the early inline script's body.
const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <script>(function(){window.__louzhangMe=fetch('/api/v1/auth/me')})();</script>
    <link rel="manifest" href="/m/manifest.webmanifest" />
    <link rel="icon" type="image/svg+xml" href="/m/icons/icon.svg" />
    <title>楼长通</title>
    <script type="module" crossorigin src="/assets/m-_uYQVweD.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/rolldown-runtime-VitO_BqC.js">
    <link rel="modulepreload" crossorigin href="/assets/base-C7xEqriE.js">
    <link rel="stylesheet" crossorigin href="/assets/m-BLkZmuq_.css">
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/assets/late-not-in-head.js"></script>
  </body>
</html>`;

describe('linkHeaderOf', () => {
  it("names the head's entry script, its module preloads and its stylesheet, in the page's order", () => {
    expect(linkHeaderOf(PAGE)).toBe(
      '</assets/m-_uYQVweD.js>; rel=modulepreload, </assets/rolldown-runtime-VitO_BqC.js>; rel=modulepreload, ' +
        '</assets/base-C7xEqriE.js>; rel=modulepreload, </assets/m-BLkZmuq_.css>; rel=preload; as=style; crossorigin',
    );
  });

  it('names nothing but built assets (no manifest, icon, inline script or outside URL)', () => {
    const page = `<head><script type="module" src="https://example.com/x.js"></script>
      <link rel="stylesheet" href="/m/other.css"><link rel="modulepreload" href="/assets/a b.js"></head>`;
    expect(linkHeaderOf(page)).toBeUndefined();
  });

  it('gives no header for a page without a head', () => {
    expect(linkHeaderOf('<p>no head</p>')).toBeUndefined();
  });
});
