/**
 * antd's stylesheet (about 110 KB compressed: every component, made at build time from the console's
 * theme) is not on the first screen: sign-in, the frame and the 工作台 are drawn with the console's own
 * small stylesheet, so on a slow line they do not wait for it. The build names the file in the page
 * (<meta name="lz-antd-css">, vite.config.ts antdStaticStyle); the pages that use antd load it before
 * they render, and the first screen fetches it once it has settled, for the next click.
 */
let loading: Promise<void> | undefined;

export function loadAntdStyles(): Promise<void> {
  loading ??= new Promise<void>((resolve) => {
    const href = document.querySelector<HTMLMetaElement>('meta[name="lz-antd-css"]')?.content;
    // A `<link rel="preload">` of it (the server's, for pages drawn with antd) fetches it but does not apply it.
    if (!href || document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return resolve();
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.crossOrigin = '';
    // Resolve on failure too: the page then renders unstyled rather than not at all, and the next load retries.
    link.onload = () => resolve();
    link.onerror = () => {
      loading = undefined;
      resolve();
    };
    // Before the console's own stylesheet, so its rules keep winning over antd's as they did when linked.
    const own = document.querySelector('link[rel="stylesheet"]');
    document.head.insertBefore(link, own);
  });
  return loading;
}
