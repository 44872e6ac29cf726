import type { HonourKind } from '@louzhang/contracts';
import { AppError } from '../../platform/errors';

/** Asia/Shanghai has no daylight saving: a day starts at 00:00 +08:00 all year. */
const SHANGHAI = '+08:00';

export interface Period {
  start: Date;
  end: Date;
  /** First and last-plus-one Shanghai days, for date columns. */
  startDay: string;
  endDay: string;
}

/**
 * The period of an honours round (docs/rules.md#honours): a quarter `2026-Q3` for star captains
 * (星级楼长), a year `2026` for most beautiful captains (最美楼长), in Asia/Shanghai time, end exclusive.
 */
export function periodOf(kind: HonourKind, period: string): Period {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  const quarter = m?.[2];
  if (!m || (kind === 'star') !== (quarter !== undefined)) throw new AppError('HONOUR_PERIOD_KIND');
  const year = Number(m[1]);
  const [fromMonth, toMonth, toYear] = quarter
    ? [3 * (Number(quarter) - 1) + 1, 3 * Number(quarter) + 1, year]
    : [1, 1, year + 1];
  const day = (y: number, mo: number) => (mo > 12 ? `${y + 1}-01-01` : `${y}-${String(mo).padStart(2, '0')}-01`);
  const startDay = day(year, fromMonth);
  const endDay = quarter ? day(toYear, toMonth) : `${toYear}-01-01`;
  return {
    start: new Date(`${startDay}T00:00:00${SHANGHAI}`),
    end: new Date(`${endDay}T00:00:00${SHANGHAI}`),
    startDay,
    endDay,
  };
}

/**
 * The number of captains a quota honours: ⌈eligible × percent / 100⌉ (at least one when anyone is
 * eligible); ties at the cut-off then all go in (docs/rules.md#honours).
 */
export function quotaOf(eligible: number, percent: number): number {
  return Math.ceil((eligible * percent) / 100);
}

/** A period as a certificate and a notice name it: 2026年第三季度, 2026年度. */
export const periodLabel = (period: string) => {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  const q = m?.[2];
  return q ? `${m?.[1]}年第${'一二三四'[Number(q) - 1]}季度` : `${m?.[1]}年度`;
};
