import { formatLastDay, formatShanghaiDay, formatShanghaiShort } from '@louzhang/contracts';
import { getLang } from './lang';

/**
 * Dates as the phone app shows them, in the chosen language and always in Shanghai time (never the
 * device's zone): 12月3日 05:40, 12月3日, and windows by their last day (兑换至 12月7日). Screens re-render
 * on a language switch (they read the messages), and these read the language at render time.
 */
export const shortAt = (at: Date | string | number | null | undefined): string => formatShanghaiShort(at, getLang());
export const shortDay = (at: Date | string | number | null | undefined): string => formatShanghaiDay(at, getLang());
export const lastDay = (end: Date | string | number | null | undefined): string => formatLastDay(end, getLang());
