import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';

/**
 * How the built apps and the API travel to a cheap phone on a slow network: hashed assets compressed
 * at build time and cached for a year, pages never cached, API answers over 1 KB compressed.
 */
const dist = mkdtempSync(join(tmpdir(), 'louzhang-dist-'));
const PHONE_PAGE =
  '<!doctype html><html><head><title>楼长通</title>' +
  '<script type="module" crossorigin src="/assets/app-AbC123.js"></script>' +
  '<link rel="modulepreload" crossorigin href="/assets/base-G7.js">' +
  '<link rel="stylesheet" crossorigin href="/assets/m-F6.css"></head><body></body></html>';
const js = `export const big = ${JSON.stringify('楼长通'.repeat(2000))};\n`;
let t: TestApp;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, 'm'));
  writeFileSync(join(dist, 'assets', 'app-AbC123.js'), js);
  writeFileSync(join(dist, 'assets', 'app-AbC123.js.br'), brotliCompressSync(js));
  writeFileSync(join(dist, 'assets', 'app-AbC123.js.gz'), gzipSync(js));
  writeFileSync(join(dist, 'm', 'index.html'), PHONE_PAGE);
  writeFileSync(join(dist, 'm', 'sw.js'), 'self.addEventListener("fetch", () => {});');
  mkdirSync(join(dist, 'console'));
  writeFileSync(join(dist, 'console', 'index.html'), '<!doctype html><html><head><title>楼长通</title></head></html>');
  writeFileSync(
    join(dist, 'console', 'preload.json'),
    JSON.stringify({
      login: ['/assets/login-A1.js'],
      layout: ['/assets/layout-B2.js'],
      home: ['/assets/home-C3.js'],
      antd: ['/assets/antd-root-D4.js'],
      antdStyles: ['/assets/antd-console-E5.css'],
    }),
  );
  t = await startTestApp({ WEB_DIST_DIR: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('delivering the web apps', () => {
  it('sends a hashed asset as the brotli file built beside it, cached for a year', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/assets/app-AbC123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(js);
    expect(res.rawPayload.length).toBeLessThan(js.length / 4);
  });

  it('falls back to gzip, and to the plain file for a client that accepts neither', async () => {
    const gz = await t.app.inject({
      method: 'GET',
      url: '/assets/app-AbC123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);
    const plain = await t.app.inject({
      method: 'GET',
      url: '/assets/app-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('never caches the pages and the service worker, so a release is seen at once', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/m/reports', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const sw = await t.app.inject({ method: 'GET', url: '/m/sw.js' });
    expect(sw.headers['cache-control']).toBe('no-cache');
  });

  it("names the console screen's lazily loaded modules in the page it sends, by path and session cookie", async () => {
    const preloads = async (url: string, cookie?: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
      });
      expect(res.statusCode).toBe(200);
      return [
        ...res.body.matchAll(/<link rel="(?:modulepreload|preload" as="style)" crossorigin href="([^"]+)">/g),
      ].map((m) => m[1]);
    };
    expect(await preloads('/console/login')).toEqual(['/assets/login-A1.js']);
    // Without a session the console goes to its sign-in page, whatever was asked for.
    expect(await preloads('/console/')).toEqual(['/assets/login-A1.js']);
    // A session cookie is enough (not checked: a stale one costs the visitor a few unused kilobytes).
    const cookie = 'lz_session=some-token';
    expect(await preloads('/console/', cookie)).toEqual(['/assets/layout-B2.js', '/assets/home-C3.js']);
    // Any other page is drawn with antd: its code and stylesheet come early too.
    expect(await preloads('/console/reports?status=open', cookie)).toEqual([
      '/assets/antd-console-E5.css',
      '/assets/layout-B2.js',
      '/assets/antd-root-D4.js',
    ]);
    // The phone's page is sent as built.
    const phone = await t.app.inject({ method: 'GET', url: '/m/', headers: { accept: 'text/html' } });
    expect(phone.body).toBe(PHONE_PAGE);
  });

  it("names the phone page's first files in a Link header, so they download before the page is read", async () => {
    for (const url of ['/m/', '/m/login', '/m/reports/42']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers.link).toBe(
        '</assets/app-AbC123.js>; rel=modulepreload, </assets/base-G7.js>; rel=modulepreload, ' +
          '</assets/m-F6.css>; rel=preload; as=style; crossorigin',
      );
    }
    // The console names its screens in the page instead (above).
    const consolePage = await t.app.inject({ method: 'GET', url: '/console/login', headers: { accept: 'text/html' } });
    expect(consolePage.headers.link).toBeUndefined();
  });

  it('compresses API answers over 1 KB for clients that accept it, and leaves small ones alone', async () => {
    const doc = await t.app.inject({
      method: 'GET',
      url: '/api/v1/openapi.json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(doc.headers['content-encoding']).toBe('br');
    const parsed = JSON.parse(brotliDecompressSync(doc.rawPayload).toString());
    expect(parsed.openapi).toMatch(/^3\./);
    const small = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'accept-encoding': 'br' } });
    expect(small.statusCode).toBe(401);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().error.code).toBe('UNAUTHENTICATED');
  });
});
