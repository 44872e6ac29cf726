/**
 * The one inline script of the app pages: it asks "who am I" (and, on the console's pages, the caller's
 * to-do counts) while the page's JavaScript is still
 * downloading, so on slow 4G the answer is there when the app starts instead of a round trip later
 * (the app picks the promise up from `window.__louzhangMe`). It is inline, not a file, because every
 * extra file on the first screen queues behind the browser's six connections. The web build writes it
 * into both index.html files; the server allows exactly this text by its hash in the page's
 * Content-Security-Policy, so no other inline script runs.
 */
export const EARLY_WHO_AM_I_SCRIPT =
  "(function(){try{var o={credentials:'include',headers:{Accept:'application/json'}};" +
  "var p=fetch('/api/v1/auth/me',o);p.catch(function(){});window.__louzhangMe=p;" +
  // Every console page but the sign-in shows the caller's to-do counts (the menu's badges, the 工作台):
  // ask for them too, so the signed-in console does not wait one more round trip for them.
  "if(/^\\/console(\\/(?!login)|$)/.test(location.pathname)){var w=fetch('/api/v1/workbench',o);" +
  'w.catch(function(){});window.__louzhangWorkbench=w}}catch(e){}})();';
