import { formatShanghaiDateTime } from '@louzhang/contracts';
import { getLang } from '../common/lang';

/** "2026-12-01 21:05" in Asia/Shanghai, the time the product's rules count in; "—" for nothing. */
export function formatTime(iso: string | null | undefined): string {
  return formatShanghaiDateTime(iso);
}

/** A number with the locale's grouping; "—" for null. */
export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString(getLang() === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** 0.734 → "73.4%"; "—" for null. */
export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return `${(n * 100).toFixed(1)}%`;
}
