import type { BuiltInCareTag, EstateManagement, OrgKind, Role } from '@louzhang/contracts';
import { en } from './en';
import { type Messages, zhCN } from './zh-CN';

export type { Messages };
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export const messages: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

// The label tables must cover every code the contracts define; this fails to compile otherwise.
type Covers<T extends Record<K, string>, K extends string> = T;
export type LabelTablesCoverContracts = [
  Covers<Messages['roles'], Role>,
  Covers<Messages['orgKinds'], OrgKind>,
  Covers<Messages['management'], EstateManagement>,
  Covers<Messages['careTags'], BuiltInCareTag>,
];
