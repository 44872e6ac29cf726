import { useI18n as useSharedI18n } from '../common/i18n';
import { alsoLoadForEnglish, type Locale, type Messages } from '../locales';
import { type ConsoleMessages, consoleZhCN } from '../locales/console-zh-CN';

export { fmt, label } from '../common/i18n';

/** All the console's strings: those both apps show and the console's own. */
export type AllMessages = Messages & ConsoleMessages;

/**
 * The console's messages: the shared ones (locales/zh-CN.ts, en.ts) and its own part
 * (locales/console-zh-CN.ts, console-en.ts), which the phone never downloads. Chinese is in the
 * console's entry; English is fetched with the shared English (alsoLoadForEnglish), so it is loaded
 * whenever the language is.
 */
let consoleEn: ConsoleMessages | undefined;
alsoLoadForEnglish(async () => {
  consoleEn ??= (await import('../locales/console-en')).consoleEn;
});

const merged = new WeakMap<Messages, WeakMap<ConsoleMessages, AllMessages>>();

/** The shared messages and the console's own as one object, made once per pair. */
function combine(shared: Messages, own: ConsoleMessages): AllMessages {
  const byOwn = merged.get(shared) ?? new WeakMap<ConsoleMessages, AllMessages>();
  merged.set(shared, byOwn);
  const all = byOwn.get(own) ?? { ...shared, ...own };
  byOwn.set(own, all);
  return all;
}

/** The current language's messages for the console; re-renders on a language switch. */
export function useI18n(): { t: AllMessages; lang: Locale; setLang: (l: Locale) => void } {
  const { t, lang, setLang } = useSharedI18n();
  return { t: combine(t, lang === 'en' && consoleEn ? consoleEn : consoleZhCN), lang, setLang };
}
