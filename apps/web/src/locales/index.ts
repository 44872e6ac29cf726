import type { BuiltInCareTag, EstateManagement, OrgKind, Role } from '@louzhang/contracts';
import { type Messages, zhCN } from './zh-CN';

export type { Messages };
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/**
 * Chinese ships inside the first screen's JavaScript; English is a separate file fetched only when
 * someone chooses it (and precached by the phone's service worker for offline use), so a cheap phone
 * on slow 4G does not download a language it will not show.
 */
const loaded: Partial<Record<Locale, Messages>> = { 'zh-CN': zhCN };

/** The messages of `lang` when they are loaded (Chinese always is). */
export function loadedMessages(lang: Locale): Messages | undefined {
  return loaded[lang];
}

/** Loads the messages of `lang` (at most once). */
export async function loadMessages(lang: Locale): Promise<Messages> {
  const have = loaded[lang];
  if (have) return have;
  const { en } = await import('./en');
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
