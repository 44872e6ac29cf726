/**
 * Asia/Shanghai time, the one clock of the product's rules (docs/rules.md: mall windows, chore days, care
 * cycles, notices pinned until a day, SMS day limits). China Standard Time is UTC+8 all year — no daylight
 * saving — so a fixed offset is exact and needs no time zone database (browsers and servers alike).
 * Days are 'YYYY-MM-DD', months 'YYYY-MM'. Server and web both import these; nothing else adds 8 hours.
 */

export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

type Instant = Date | string | number;

/** A Date whose UTC fields read the Shanghai wall clock at `at`. */
function wall(at: Instant): Date {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(at: Instant): string {
  return wall(at).toISOString().slice(0, 10);
}

/** The Shanghai month of an instant, 'YYYY-MM'. */
export function shanghaiMonth(at: Instant): string {
  return wall(at).toISOString().slice(0, 7);
}

/** Year, month (1–12) and day of the month in Shanghai. */
export function shanghaiDateParts(at: Instant): { year: number; month: number; day: number } {
  const w = wall(at);
  return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate() };
}

/** 'YYYYMMDD' in Shanghai (how some providers file messages). */
export function shanghaiYmd(at: Instant): string {
  return shanghaiDay(at).replaceAll('-', '');
}

/** The instant midnight begins on `day` ('YYYY-MM-DD') in Shanghai. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** Shanghai midnight at the start of `day` of `month` (1–12); days past the month's end roll into the next. */
export function shanghaiMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS);
}

/** How many days `month` (1–12) of `year` has. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The last Shanghai day of a period that ends (exclusively) at `end`, e.g. a window closing at 24:00. */
export function lastShanghaiDayBefore(end: Instant): string {
  return shanghaiDay(new Date(end).getTime() - 1);
}

/** ISO 8601 with the Shanghai offset: '2026-12-03T20:05:00+08:00'. */
export function shanghaiIso(at: Instant): string {
  return `${wall(at).toISOString().slice(0, 19)}+08:00`;
}

/** 'YYYY-MM-DD HH:mm:ss' (or without the time) read as Shanghai wall-clock time; null if not such a text. */
export function parseShanghaiLocal(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** '2026-12-03 20:05' in Shanghai, for people; '—' for nothing, the text itself if it is not a time. */
export function formatShanghaiDateTime(at: Instant | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  const t = new Date(at).getTime();
  if (Number.isNaN(t)) return String(at);
  const w = wall(t);
  return `${shanghaiDay(t)} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}

/** '2026-12-03' in Shanghai, for people; '—' for nothing. */
export function formatShanghaiDate(at: Instant | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  const t = new Date(at).getTime();
  return Number.isNaN(t) ? String(at) : shanghaiDay(t);
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A day as people say it, in Shanghai: '12月3日' ('Dec 3'), with the year ('2025年12月3日', 'Dec 3, 2025')
 * when it is not the current Shanghai year. '—' for nothing.
 */
export function formatShanghaiDay(
  at: Instant | null | undefined,
  lang: 'zh-CN' | 'en' = 'zh-CN',
  now: Instant = Date.now(),
): string {
  if (at === null || at === undefined || at === '') return '—';
  const t = new Date(at).getTime();
  if (Number.isNaN(t)) return String(at);
  const { year, month, day } = shanghaiDateParts(t);
  const thisYear = shanghaiDateParts(now).year === year;
  if (lang === 'en') return `${EN_MONTHS[month - 1]} ${day}${thisYear ? '' : `, ${year}`}`;
  return `${thisYear ? '' : `${year}年`}${month}月${day}日`;
}

/** A moment as people say it, in Shanghai, without seconds: '12月3日 05:40' ('Dec 3, 05:40'). */
export function formatShanghaiShort(
  at: Instant | null | undefined,
  lang: 'zh-CN' | 'en' = 'zh-CN',
  now: Instant = Date.now(),
): string {
  if (at === null || at === undefined || at === '') return '—';
  const t = new Date(at).getTime();
  if (Number.isNaN(t)) return String(at);
  const w = wall(t);
  const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
  return `${formatShanghaiDay(t, lang, now)}${lang === 'en' ? ',' : ''} ${time}`;
}

/**
 * The last day of a window or deadline that ends (exclusively) at `end`, as people say it: a mall window
 * open until 12月8日 00:00 is shown as 兑换至 12月7日.
 */
export function formatLastDay(
  end: Instant | null | undefined,
  lang: 'zh-CN' | 'en' = 'zh-CN',
  now: Instant = Date.now(),
): string {
  if (end === null || end === undefined || end === '') return '—';
  const t = new Date(end).getTime();
  return Number.isNaN(t) ? String(end) : formatShanghaiDay(t - 1, lang, now);
}
