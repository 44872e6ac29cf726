/**
 * The one inline script of the app pages: it asks "who am I" while the page's JavaScript is still
 * downloading, so on slow 4G the answer is there when the app starts instead of a round trip later
 * (the app picks the promise up from `window.__louzhangMe`). It is inline, not a file, because every
 * extra file on the first screen queues behind the browser's six connections. The web build writes it
 * into both index.html files; the server allows exactly this text by its hash in the page's
 * Content-Security-Policy, so no other inline script runs.
 */
export const EARLY_WHO_AM_I_SCRIPT =
  "(function(){try{var p=fetch('/api/v1/auth/me',{credentials:'include',headers:{Accept:'application/json'}});" +
  'p.catch(function(){});window.__louzhangMe=p}catch(e){}})();';
