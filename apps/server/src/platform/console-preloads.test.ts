import { describe, expect, it } from 'vitest';
import { screenFiles, screenStyles, withPreloads } from './console-preloads';

const screens = {
  login: ['/assets/login-page-a.js', '/assets/form-b.js'],
  layout: ['/assets/console-layout-c.js', '/assets/form-b.js'],
  home: ['/assets/home-page-d.js', '/assets/console-layout-c.js'],
  antd: ['/assets/antd-root-e.js', '/assets/form-b.js'],
  antdStyles: ['/assets/antd-console-f.css'],
};

describe('console first-screen preloads', () => {
  it('names the sign-in page for /console/login and for a visitor without a session', () => {
    expect(screenFiles(screens, '/console/login', true)).toEqual(['/assets/login-page-a.js', '/assets/form-b.js']);
    expect(screenFiles(screens, '/console/reports', false)).toEqual(['/assets/login-page-a.js', '/assets/form-b.js']);
  });

  it('names the layout and the 工作台 at the root, the layout and antd elsewhere, each file once', () => {
    expect(screenFiles(screens, '/console/', true)).toEqual([
      '/assets/console-layout-c.js',
      '/assets/form-b.js',
      '/assets/home-page-d.js',
    ]);
    expect(screenFiles(screens, '/console', true)).toHaveLength(3);
    expect(screenFiles(screens, '/console/reports', true)).toEqual([
      '/assets/console-layout-c.js',
      '/assets/form-b.js',
      '/assets/antd-root-e.js',
    ]);
  });

  it("names antd's stylesheet only for the pages drawn with antd (not sign-in, not the 工作台)", () => {
    expect(screenStyles(screens, '/console/reports', true)).toEqual(['/assets/antd-console-f.css']);
    expect(screenStyles(screens, '/console/', true)).toEqual([]);
    expect(screenStyles(screens, '/console/login', true)).toEqual([]);
    expect(screenStyles(screens, '/console/reports', false)).toEqual([]);
    expect(screenStyles({ antdStyles: ['/assets/x.js', '"><b>'] }, '/console/reports', true)).toEqual([]);
  });

  it('writes only built asset paths into the page', () => {
    const odd = { login: ['/assets/ok-1.js', '"><script>alert(1)</script>', 'https://elsewhere/x.js'] };
    expect(screenFiles(odd, '/console/login', false)).toEqual(['/assets/ok-1.js']);
  });

  it('puts the links before </head>, and leaves the page alone when there are none', () => {
    const html = '<html><head><title>t</title></head><body></body></html>';
    expect(withPreloads(html, ['/assets/a.js'])).toBe(
      '<html><head><title>t</title><link rel="modulepreload" crossorigin href="/assets/a.js"></head><body></body></html>',
    );
    expect(withPreloads(html, ['/assets/a.js'], ['/assets/b.css'])).toBe(
      '<html><head><title>t</title><link rel="preload" as="style" crossorigin href="/assets/b.css"><link rel="modulepreload" crossorigin href="/assets/a.js"></head><body></body></html>',
    );
    expect(withPreloads(html, [])).toBe(html);
  });
});
