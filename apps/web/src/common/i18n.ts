import { useSyncExternalStore } from 'react';
import { type Locale, loadedMessages, type Messages } from '../locales';
import { zhCN } from '../locales/zh-CN';
import { getLang, setLang, subscribeLang } from './lang';

/** The current language's messages; re-renders on a language switch. */
export function useI18n(): { t: Messages; lang: Locale; setLang: (l: Locale) => void } {
  const lang = useSyncExternalStore(subscribeLang, getLang, getLang);
  // `lang` becomes current only once its messages are loaded; Chinese is the fallback that always is.
  return { t: loadedMessages(lang) ?? zhCN, lang, setLang };
}

/** Fills `{name}` placeholders: fmt('共 {n} 人', { n: 3 }). */
export function fmt(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/** A label from a code table, falling back to the raw code for values the UI does not know yet (custom tags). */
export function label(table: Record<string, string>, code: string): string {
  return table[code] ?? code;
}
