import { randomInt } from 'node:crypto';
import { daysInMonth, shanghaiDateParts, shanghaiMidnight, shanghaiMonth } from '@louzhang/contracts';

export interface WindowDays {
  windowStartDay: number;
  windowEndDay: number;
}
export const DEFAULT_WINDOW: WindowDays = { windowStartDay: 1, windowEndDay: 7 };

export interface MallWindow {
  /** 'YYYY-MM' of the month in Asia/Shanghai time. */
  month: string;
  opensAt: Date;
  closesAt: Date;
  isOpen: boolean;
}

/**
 * The redemption window of the month `now` falls in (Asia/Shanghai): from 00:00 on the start day to
 * 24:00 on the end day, or the month's last day if that comes first ("奖品每月兑换一次", reference 000).
 * The start day is at most the 28th, so every month has a window.
 */
export function windowAt(now: Date, days: WindowDays = DEFAULT_WINDOW): MallWindow {
  const { year, month } = shanghaiDateParts(now);
  const opensAt = shanghaiMidnight(year, month, days.windowStartDay);
  // An end day past the month's last (29–31) closes with the month: "to the end of the month".
  const closesAt = shanghaiMidnight(year, month, Math.min(days.windowEndDay, daysInMonth(year, month)) + 1);
  return {
    month: shanghaiMonth(now),
    opensAt,
    closesAt,
    isOpen: now >= opensAt && now < closesAt,
  };
}

/** No 0/O, 1/I/L: a code people read off a phone and type at the community office. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PICKUP_CODE_LENGTH = 8;

export function newPickupCode(): string {
  let s = '';
  for (let i = 0; i < PICKUP_CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** What staff type: any case, with spaces or dashes; null if it cannot be a code we issued. */
export function normalisePickupCode(input: string): string | null {
  const s = input.replace(/[\s-]/g, '').toUpperCase();
  if (s.length !== PICKUP_CODE_LENGTH) return null;
  for (const c of s) if (!CODE_ALPHABET.includes(c)) return null;
  return s;
}
