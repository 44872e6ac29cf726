import { LOCALES, type Locale } from '../locales';

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

let current: Locale = initial();
applyToDocument(current);

export function getLang(): Locale {
  return current;
}

export function setLang(next: Locale): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // keep the choice for this page view at least
  }
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
