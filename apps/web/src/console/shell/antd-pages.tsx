import { lazy } from 'react';
import { loadAntdStyles } from './antd-styles';

const load = () => Promise.all([import('./antd-root'), loadAntdStyles()]).then(([m]) => m);

/**
 * The antd part of the console, lazily: its code and its stylesheet arrive together, so a page never
 * shows unstyled. As a route element it renders the matched page (<Outlet />); with children, those.
 */
export const AntdPages = lazy(load);

/**
 * Fetches antd's code and stylesheet once the first screen has settled (idle, or 1.5 s at the latest),
 * so the next page opens without waiting for them; on the first screen itself they would compete with
 * what the person is waiting for.
 */
export function warmAntd(): void {
  const go = () => void load().catch(() => undefined);
  if ('requestIdleCallback' in window) window.requestIdleCallback(go, { timeout: 1500 });
  else setTimeout(go, 1500);
}
