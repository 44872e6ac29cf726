import type { BuiltInCareTag, EstateManagement, OrgKind, Role } from '@louzhang/contracts';
import { type Messages, zhCN } from './zh-CN';

export type { Messages };
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/**
 * Chinese ships inside the first screen's JavaScript; English is a separate file fetched only when
 * someone chooses it (and precached by the phone's service worker for offline use), so a cheap phone
 * on slow 4G does not download a language it will not show. These are the strings of the phone and
 * those both apps show; the console adds its own part (console/i18n.ts) and registers how to load its
 * English with `alsoLoadForEnglish`.
 */
const loaded: Partial<Record<Locale, Messages>> = { 'zh-CN': zhCN };
const englishParts: Array<() => Promise<unknown>> = [];

/** The messages of `lang` when they are loaded (Chinese always is). */
export function loadedMessages(lang: Locale): Messages | undefined {
  return loaded[lang];
}

/** An app's own part of the English messages, fetched together with these whenever English is loaded. */
export function alsoLoadForEnglish(load: () => Promise<unknown>): void {
  englishParts.push(load);
}

/** Loads the messages of `lang` (at most once), with every app part registered for it. */
export async function loadMessages(lang: Locale): Promise<Messages> {
  const have = loaded[lang];
  if (have) return have;
  // Read the parts after a tick: the saved language is loaded while the modules are still being
  // evaluated (common/lang.ts), before an app's module that registers its part has run.
  await Promise.resolve();
  const [{ en }] = await Promise.all([import('./en'), ...englishParts.map((load) => load())]);
  loaded.en = en;
  return en;
}

// The label tables must cover every code the contracts define; this fails to compile otherwise.
type Covers<T extends Record<K, string>, K extends string> = T;
export type LabelTablesCoverContracts = [
  Covers<Messages['roles'], Role>,
  Covers<Messages['orgKinds'], OrgKind>,
  Covers<Messages['management'], EstateManagement>,
  Covers<Messages['careTags'], BuiltInCareTag>,
];
