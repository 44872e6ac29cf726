import { maskPhone, normalisePhone } from '@louzhang/contracts';
import type { RequestContext } from './actor';
import { recordAudit } from './audit';
import type { Clock } from './clock';
import { type Db, transaction } from './db';

/** What a list's export entry names: the action (`<list>.export`), the object type, and where it lies. */
export interface ListExportEntry {
  action: string;
  objectType: string;
  objectId?: number | null;
  streetId?: number | null;
}

type ExportActor = Pick<RequestContext, 'ip'> & { actor: { userId: number } | null };

/**
 * Audits the export of a list that answers whole (no pages): the rows it holds and the filters that chose them,
 * before the first byte goes out. The caller has already read the rows with the list's own access check, so a
 * refused export writes nothing. Filters that can hold a phone or ID number are masked by the caller.
 */
export async function auditListExport<T>(
  db: Db,
  clock: Clock,
  ctx: ExportActor,
  entry: ListExportEntry,
  filters: object,
  items: readonly T[],
): Promise<readonly T[]> {
  await recordAudit(db, clock, ctx, { ...entry, detail: { rows: items.length, filters: { ...filters } } });
  return items;
}

/**
 * Audits the export of a paged list (read page by page after this): the rows counted and the filters, and
 * `extra` beside them (a background export's job), in a transaction of its own, before the first row.
 * `filters` as the entry keeps them: a search that can hold a phone goes through `searchMasked` first.
 */
export function auditPagedExport(
  db: Db,
  clock: Clock,
  ctx: ExportActor,
  entry: ListExportEntry,
  total: number,
  filters: object,
  extra?: Record<string, unknown>,
): Promise<void> {
  return transaction(db, (tx) =>
    recordAudit(tx, clock, ctx, { ...entry, detail: { rows: total, filters: { ...filters }, ...extra } }),
  );
}

/**
 * A list's filters as its export's audit entry keeps them: a phone typed into the search box (`q`, searched
 * by its blind index: `search` holds `phoneHash`) kept masked, as everywhere outside its encrypted column.
 */
export function searchMasked<Q extends { q?: string }>(q: Q, search: object | undefined): Q {
  return { ...q, q: q.q && search && 'phoneHash' in search ? maskPhone(normalisePhone(q.q)) : q.q };
}

/** Rows read per query while exporting a paged list. */
export const EXPORT_PAGE = 500;

/**
 * The rows of a list in its keyset order, page by page (`pageSize` rows a query, one more read to know if
 * another page follows), each page presented before its rows are handed out. `read` takes the key of the last
 * row handed out (`from` at first: undefined, or where the list starts) and how many rows to read.
 */
export async function* keysetRows<R, V, K>(p: {
  read: (after: K | undefined, limit: number) => Promise<readonly R[]>;
  keyOf: (last: R) => K;
  present: (page: R[]) => readonly V[] | Promise<readonly V[]>;
  from?: K;
  pageSize?: number;
}): AsyncGenerator<V> {
  const size = p.pageSize ?? EXPORT_PAGE;
  let after = p.from;
  for (;;) {
    const found = await p.read(after, size + 1);
    const page = found.slice(0, size);
    yield* await p.present(page);
    const last = page.at(-1);
    if (found.length <= size || !last) return;
    after = p.keyOf(last);
  }
}
