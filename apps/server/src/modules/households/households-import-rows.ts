import type { Db } from '../../platform/db';
import * as repo from './households.repository';
import type { HouseholdsService } from './households.service';
import type { ImportRow } from './households-excel';

type Building = Awaited<ReturnType<typeof repo.buildingsByName>>[number];

/** What writing an import's good rows did. */
export interface WrittenRows {
  householdsCreated: number;
  residentsCreated: number;
  /** Registered households whose owner key the file set or changed. */
  ownerKeysSet: number;
}

/**
 * Writes an import's good rows in the caller's transaction: rows are grouped into households by address;
 * an address already registered gains the new members (and the file's owner key, the newer word), a new
 * one is registered. `byName` holds each row's one building (rows naming none or several were refused).
 */
export async function writeImportRows(
  tx: Db,
  households: HouseholdsService,
  good: readonly ImportRow[],
  byName: ReadonlyMap<string, Building[]>,
): Promise<WrittenRows> {
  const written: WrittenRows = { householdsCreated: 0, residentsCreated: 0, ownerKeysSet: 0 };
  const groups = new Map<string, ImportRow[]>();
  for (const r of good) {
    const key = `${r.buildingName}\u0000${r.unitLabel ?? ''}\u0000${r.room}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const rowsOfHousehold of groups.values()) {
    const first = rowsOfHousehold[0] as ImportRow;
    const b = (byName.get(first.buildingName) ?? [])[0];
    if (!b) continue;
    let h = await repo.findHouseholdByAddress(tx, b.id, first.unitLabel, first.room);
    if (!h) {
      h = await repo.insertHousehold(tx, {
        streetId: b.streetId as number,
        buildingId: b.id,
        path: b.path,
        unitLabel: first.unitLabel,
        floor: first.floor,
        room: first.room,
        floorArea: first.floorArea,
        ownerKey: first.ownerKey,
      });
      written.householdsCreated++;
    } else if (first.ownerKey !== null && first.ownerKey !== h.ownerKey) {
      await repo.setOwnerKey(tx, h.id, first.ownerKey);
      written.ownerKeysSet++;
    }
    const householdId = h.id;
    const members = rowsOfHousehold.map((r) =>
      households.checkResident({ ...r, gender: r.gender, careTags: r.careTags }, `row ${r.rowNumber}`),
    );
    const inserted = await repo.insertResidents(
      tx,
      members.map((m) => ({ ...m, householdId, streetId: b.streetId as number })),
    );
    written.residentsCreated += inserted.length;
  }
  return written;
}
