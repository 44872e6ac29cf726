import type { RequestContext } from './actor';
import { recordAudit } from './audit';
import type { Clock } from './clock';
import type { Db } from './db';

/** What a list's export entry names: the action (`<list>.export`), the object type, and where it lies. */
export interface ListExportEntry {
  action: string;
  objectType: string;
  objectId?: number | null;
  streetId?: number | null;
}

/**
 * Audits the export of a list that answers whole (no pages): the rows it holds and the filters that chose them,
 * before the first byte goes out. The caller has already read the rows with the list's own access check, so a
 * refused export writes nothing. Filters that can hold a phone or ID number are masked by the caller.
 */
export async function auditListExport<T>(
  db: Db,
  clock: Clock,
  ctx: Pick<RequestContext, 'ip'> & { actor: { userId: number } | null },
  entry: ListExportEntry,
  filters: object,
  items: readonly T[],
): Promise<readonly T[]> {
  await recordAudit(db, clock, ctx, { ...entry, detail: { rows: items.length, filters: { ...filters } } });
  return items;
}
