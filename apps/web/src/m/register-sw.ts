/** Installs the app-shell service worker (public/m/sw.js) in production builds only. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => {
      // no service worker (e.g. plain HTTP on a LAN address): the app still works online
    });
  });
}
