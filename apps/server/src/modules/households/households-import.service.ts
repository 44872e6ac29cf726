import type { ImportResult, Lang } from '@louzhang/contracts';
import { maskChinaId, maskPhone } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import { REGISTRY_READ, REGISTRY_WRITE } from './households.policy';
import { addressOf, careTagsOf } from './households.presenter';
import * as repo from './households.repository';
import type { HouseholdsService } from './households.service';
import {
  buildHouseholdExport,
  buildHouseholdTemplate,
  ExcelImportError,
  type ImportRow,
  type RowError,
} from './households-excel';
import { parseHouseholdWorkbook } from './households-excel-import';

const HEADER = { building: '楼栋', idNumber: '身份证号', phone: '手机号' } as const;

/**
 * The registry as Excel (docs/rules.md#domain): a template, a dry run that reports every bad row, then a commit
 * that writes all rows or none.
 */
export class HouseholdsExcelService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly households: HouseholdsService,
  ) {}

  template(): Promise<Buffer> {
    return buildHouseholdTemplate();
  }

  async import(ctx: RequestContext, file: Buffer, dryRun: boolean): Promise<ImportResult> {
    const scope = Scope.of(ctx.actor, REGISTRY_WRITE);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let parsed: { rows: ImportRow[]; errors: RowError[] };
    try {
      parsed = await parseHouseholdWorkbook(file);
    } catch (err) {
      if (err instanceof ExcelImportError) throw new AppError(err.code, { zh: err.zh, en: err.en });
      throw err;
    }
    const errors = [...parsed.errors];
    const badRows = new Set(errors.map((e) => e.rowNumber));

    return transaction(this.db, async (tx) => {
      const names = [...new Set(parsed.rows.map((r) => r.buildingName))];
      const buildings = await repo.buildingsByName(tx, scope, names);
      const byName = new Map<string, (typeof buildings)[number][]>();
      for (const b of buildings) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
      const ids = parsed.rows.flatMap((r) => (r.idNumber ? [this.cipher.blindIndex('id', r.idNumber)] : []));
      const taken = await this.households.checkIdNumbers(tx, ctx, ids);

      const rowError = (r: ImportRow, column: string, code: string, zh: string, en: string) => {
        errors.push({ rowNumber: r.rowNumber, column, code, message: { zh, en } });
        badRows.add(r.rowNumber);
      };
      for (const r of parsed.rows) {
        const matches = byName.get(r.buildingName) ?? [];
        if (matches.length === 0) {
          rowError(
            r,
            HEADER.building,
            'UNKNOWN_BUILDING',
            '楼栋不存在或不在您的管辖范围内',
            'No such building in your jurisdiction',
          );
        } else if (matches.length > 1) {
          rowError(
            r,
            HEADER.building,
            'AMBIGUOUS_BUILDING',
            '有多个同名楼栋，请联系管理员',
            'Several buildings share this name',
          );
        }
        if (r.idNumber && taken.has(this.cipher.blindIndex('id', r.idNumber))) {
          rowError(r, HEADER.idNumber, 'DUPLICATE', '身份证号已登记', 'ID number already registered');
        }
      }
      const good = parsed.rows.filter((r) => !badRows.has(r.rowNumber));
      const result: ImportResult = {
        dryRun,
        total:
          parsed.rows.length +
          parsed.errors.filter((e) => !parsed.rows.some((r) => r.rowNumber === e.rowNumber)).length,
        valid: good.length,
        errors: errors
          .sort((a, b) => a.rowNumber - b.rowNumber)
          .map((e) => ({ rowNumber: e.rowNumber, column: e.column, code: e.code, message: e.message[ctx.lang] })),
        householdsCreated: 0,
        residentsCreated: 0,
      };
      result.total = new Set([...parsed.rows.map((r) => r.rowNumber), ...parsed.errors.map((e) => e.rowNumber)]).size;
      if (dryRun) return result;
      if (errors.length > 0) {
        throw new AppError('IMPORT_HAS_ERRORS', {
          fields: result.errors.map((e) => ({ path: `row ${e.rowNumber}: ${e.column}`, message: e.message })),
        });
      }
      // Group rows into households by address; an address already registered gains the new members.
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
          });
          result.householdsCreated++;
        }
        const members = rowsOfHousehold.map((r) =>
          this.households.checkResident({ ...r, gender: r.gender, careTags: r.careTags }, `row ${r.rowNumber}`),
        );
        const inserted = await repo.insertResidents(
          tx,
          members.map((m) => ({ ...m, householdId: (h as repo.HouseholdRow).id, streetId: b.streetId as number })),
        );
        result.residentsCreated += inserted.length;
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'household.import',
        objectType: 'household',
        detail: { rows: good.length, households: result.householdsCreated, residents: result.residentsCreated },
      });
      return result;
    });
  }

  /** The registry under `underPath` (or the whole jurisdiction) as .xlsx, phone and ID masked. */
  async export(ctx: RequestContext, orgUnitId: number | undefined, lang: Lang): Promise<Buffer> {
    const scope = Scope.of(ctx.actor, REGISTRY_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    void lang;
    const out: Parameters<typeof buildHouseholdExport>[0] = [];
    let cursor: string | null = null;
    do {
      const page = await this.households.list(ctx, { orgUnitId, limit: 200, cursor: cursor ?? undefined });
      const full = await repo.residentsOf(
        this.db,
        page.items.map((h) => h.id),
      );
      for (const h of page.items) {
        for (const m of full.filter((x) => x.householdId === h.id)) {
          const phone = this.cipher.decryptOptional(m.phoneEnc);
          const idNumber = this.cipher.decryptOptional(m.idNumberEnc);
          out.push({
            householdId: h.id,
            rowNumber: out.length + 2,
            buildingName: h.buildingName,
            unitLabel: h.unitLabel,
            floor: h.floor,
            room: h.room,
            floorArea: h.floorArea,
            relation: m.relation,
            name: m.name,
            gender: (m.gender as 'M' | 'F' | null) ?? null,
            birthYear: m.birthYear,
            phone: phone ? maskPhone(phone) : null,
            idNumber: idNumber ? maskChinaId(idNumber) : null,
            careTags: h.careTags === null ? [] : careTagsOf(m, this.cipher),
            address: addressOf(h),
          });
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    await transaction(this.db, (tx) =>
      recordAudit(tx, this.clock, ctx, {
        action: 'household.export',
        objectType: 'household',
        detail: { rows: out.length, orgUnitId },
      }),
    );
    return buildHouseholdExport(out);
  }
}
