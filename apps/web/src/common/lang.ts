import { LOCALES, type Locale, loadMessages } from '../locales';

/**
 * The chosen UI language, kept in localStorage and shared by both apps and the API client (which sends
 * it as Accept-Language). Plain module state with subscribers, so non-React code can read it.
 */
const KEY = 'louzhang.lang';
const listeners = new Set<() => void>();

function initial(): Locale {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage may be unavailable (private mode); fall through to the default
  }
  return 'zh-CN';
}

let current: Locale = 'zh-CN';
/** The language asked for last: a slow English download must not win over a later switch back. */
let wanted: Locale = current;
applyToDocument(current);

/**
 * Settles when the saved language's messages are loaded and it is the current one; the apps render
 * after it. Chinese needs nothing; English is fetched once (if that fails, offline before the file was
 * ever cached, the app opens in Chinese rather than not at all).
 */
export const languageReady: Promise<void> = switchTo(initial()).catch(() => undefined);

export function getLang(): Locale {
  return current;
}

/** Switches the language once its messages are loaded, and remembers the choice. */
export function setLang(next: Locale): void {
  if (next === wanted) return;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // keep the choice for this page view at least
  }
  void switchTo(next);
}

async function switchTo(next: Locale): Promise<void> {
  wanted = next;
  if (next === current) return;
  await loadMessages(next);
  if (wanted !== next) return;
  current = next;
  applyToDocument(next);
  for (const l of listeners) l();
}

export function subscribeLang(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The Accept-Language header value for the current language. */
export function acceptLanguage(): string {
  return current === 'en' ? 'en,zh-CN;q=0.5' : 'zh-CN,zh;q=0.9';
}

function applyToDocument(lang: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
