import {
  birthYearFromChinaId,
  COUNT_CAP,
  type CreateHouseholdRequest,
  type HouseholdDetail,
  type HouseholdListQuery,
  type HouseholdView,
  isValidChinaId,
  isValidPhone,
  type ListTotal,
  normaliseChinaId,
  normalisePhone,
  type UpdateHouseholdRequest,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { ReplicaReads } from '../../platform/replica';
import { Scope } from '../../platform/scope';
import type { OrgService } from '../org/org.service';
import { CARE_TAG_READ, REGISTRY_READ, REGISTRY_WRITE, REVEAL } from './households.policy';
import { presentHousehold, presentHouseholdDetail } from './households.presenter';
import * as repo from './households.repository';

export interface NewResidentInput {
  name: string;
  gender?: 'M' | 'F' | null;
  birthYear?: number | null;
  relation: string;
  phone?: string | null;
  idNumber?: string | null;
  careTags: string[];
}

export class HouseholdsService {
  constructor(
    private readonly db: Db,
    /** Lag-tolerant reads (the list and its export): the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly org: OrgService,
  ) {}

  /** One page of the registry within the caller's jurisdiction, masked. */
  /** Households per building under the paths (captains' coverage asks; no personal data). */
  async countsByBuilding(db: Db, paths: readonly string[]): Promise<Map<number, number>> {
    return repo.countsByBuilding(db, Scope.ofPaths(paths));
  }

  /** The list's filters as a repository filter, in the scope that applies (FORBIDDEN without one). */
  private async listFilter(
    ctx: RequestContext,
    q: Omit<HouseholdListQuery, 'limit' | 'cursor'>,
    limit: number,
  ): Promise<{ listScope: Scope; tagScope: Scope; filter: repo.HouseholdFilter }> {
    const scope = Scope.of(ctx.actor, REGISTRY_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const tagScope = Scope.of(ctx.actor, CARE_TAG_READ);
    const underPath = q.orgUnitId === undefined ? undefined : (await this.org.get(ctx, q.orgUnitId)).path;
    // Filtering by a tag one may not see would reveal it by elimination: only where tags are visible.
    const careTagHash = q.careTag && !tagScope.isEmpty ? this.cipher.blindIndex('tag', q.careTag) : undefined;
    if (q.careTag && tagScope.isEmpty) throw new AppError('FORBIDDEN');
    // A mobile number in the search box is looked up by its blind index (phones are encrypted at rest).
    const phone = q.q ? normalisePhone(q.q) : '';
    const filter: repo.HouseholdFilter = {
      underPath,
      q: q.q,
      phoneHash: /^1\d{10}$/.test(phone) ? this.cipher.blindIndex('phone', phone) : undefined,
      careTagHash,
      limit,
    };
    return { listScope: q.careTag ? tagScope : scope, tagScope, filter };
  }

  /** How many households the list's filters show, counted up to `cap` (cap + 1 means more). */
  async count(ctx: RequestContext, q: Omit<HouseholdListQuery, 'limit' | 'cursor'>, cap: number): Promise<number> {
    const { listScope, filter } = await this.listFilter(ctx, q, 1);
    return this.reads.run(ctx, (db) => repo.countInScope(db, listScope, filter, cap));
  }

  async list(
    ctx: RequestContext,
    q: HouseholdListQuery,
  ): Promise<{ items: HouseholdView[]; nextCursor: string | null } & ListTotal> {
    const { listScope, tagScope, filter } = await this.listFilter(ctx, q, q.limit + 1);
    const { rows, counted, members } = await this.reads.run(ctx, async (db) => {
      const [rows, counted] = await Promise.all([
        repo.listInScope(db, listScope, { ...filter, afterId: q.cursor ? decodeCursor(q.cursor) : undefined }),
        q.cursor ? Promise.resolve(null) : repo.countInScope(db, listScope, filter, COUNT_CAP),
      ]);
      const members = await repo.residentsOf(
        db,
        rows.slice(0, q.limit).map((h) => h.id),
      );
      return { rows, counted, members };
    });
    const pageRows = rows.slice(0, q.limit);
    const items = pageRows.map((h) =>
      presentHousehold(
        h,
        members.filter((m) => m.householdId === h.id),
        this.cipher,
        tagScope.covers(h.path),
      ),
    );
    const last = pageRows.at(-1);
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  async get(ctx: RequestContext, id: number): Promise<HouseholdDetail> {
    const h = await repo.findInScope(this.db, Scope.of(ctx.actor, REGISTRY_READ), id);
    if (!h) throw notFound();
    const members = await repo.residentsOf(this.db, [h.id]);
    return presentHouseholdDetail(h, members, this.cipher, Scope.of(ctx.actor, CARE_TAG_READ).covers(h.path));
  }

  /**
   * Sets or clears a household's owner key (产权人编号, docs/rules.md#deliberation): units of one owner share it and
   * count as one owner in Civil Code votes opened afterwards (an open vote keeps the roll it was opened with).
   */
  async update(ctx: RequestContext, id: number, input: UpdateHouseholdRequest): Promise<HouseholdDetail> {
    return transaction(this.db, async (tx) => {
      const write = Scope.of(ctx.actor, REGISTRY_WRITE);
      const h = await repo.findInScope(tx, write, id);
      if (!h) {
        if (await repo.findInScope(tx, Scope.of(ctx.actor, REGISTRY_READ), id)) throw new AppError('FORBIDDEN');
        throw notFound();
      }
      await repo.setOwnerKey(tx, id, input.ownerKey);
      await recordAudit(tx, this.clock, ctx, {
        action: 'household.owner_key',
        objectType: 'household',
        objectId: id,
        streetId: h.streetId,
        detail: { previous: h.ownerKey, ownerKey: input.ownerKey },
      });
      const members = await repo.residentsOf(tx, [id]);
      return presentHouseholdDetail(
        { ...h, ownerKey: input.ownerKey },
        members,
        this.cipher,
        Scope.of(ctx.actor, CARE_TAG_READ).covers(h.path),
      );
    });
  }

  /** The signed-in resident's own household (residents see nothing else of the registry). */
  async mine(ctx: RequestContext): Promise<HouseholdDetail> {
    const h = await repo.findOfUser(this.db, ctx.actor.userId);
    if (!h) throw notFound();
    const members = await repo.residentsOf(this.db, [h.id]);
    return presentHouseholdDetail(h, members, this.cipher, true);
  }

  /** Registers a household with its members in a building of the caller's jurisdiction. */
  async create(ctx: RequestContext, input: CreateHouseholdRequest): Promise<HouseholdDetail> {
    try {
      return await this.createOnce(ctx, input);
    } catch (err) {
      // The refusal rolled its check's audit row back: the attempt is recorded on its own.
      if (err instanceof AppError && err.code === 'ID_NUMBER_REGISTERED') {
        await recordAudit(this.db, this.clock, ctx, {
          action: 'resident.id_number_check',
          objectType: 'resident',
          objectId: null,
          streetId: null,
          result: 'denied',
          detail: { checked: input.residents.filter((r) => r.idNumber).length, inScope: 1 },
        });
      }
      throw err;
    }
  }

  private async createOnce(ctx: RequestContext, input: CreateHouseholdRequest): Promise<HouseholdDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const building = await repo.findBuildingInScope(tx, Scope.of(ctx.actor, REGISTRY_WRITE), input.buildingId);
      if (!building) throw notFound();
      const members = input.residents.map((r, i) => this.checkResident(r, `residents.${i}`));
      const dup = await this.checkIdNumbers(
        tx,
        ctx,
        members.flatMap((m) => (m.idNumberHash ? [m.idNumberHash] : [])),
      );
      if (dup.size > 0) throw new AppError('ID_NUMBER_REGISTERED');
      if (await repo.findHouseholdByAddress(tx, building.id, input.unitLabel ?? null, input.room)) {
        throw new AppError('CONFLICT', { zh: '该门牌已登记', en: 'This address is already registered' });
      }
      const h = await repo.insertHousehold(tx, {
        streetId: building.streetId as number,
        buildingId: building.id,
        path: building.path,
        unitLabel: input.unitLabel ?? null,
        floor: input.floor,
        room: input.room,
        floorArea: input.floorArea ?? null,
        isOwner: input.isOwner,
        ownerKey: input.ownerKey ?? null,
      });
      const inserted = await repo.insertResidents(
        tx,
        members.map((m) => ({ ...m, householdId: h.id, streetId: h.streetId })),
      );
      await recordAudit(tx, this.clock, ctx, {
        action: 'household.create',
        objectType: 'household',
        objectId: h.id,
        streetId: h.streetId,
        detail: { residents: inserted.length },
      });
      return presentHouseholdDetail(
        { ...h, buildingName: building.name },
        inserted,
        this.cipher,
        Scope.of(ctx.actor, CARE_TAG_READ).covers(h.path),
      );
    });
    return value;
  }

  /** The households of a building by unit and room, no people: for choosing where one lives. */
  roomsOf(buildingId: number, db: Db = this.db) {
    return repo.roomsOf(db, buildingId);
  }

  /** Where a household is (unit and room), no people. */
  async addressOf(db: Db, householdId: number) {
    const h = await repo.findHousehold(db, householdId);
    return h && { householdId: h.id, unitLabel: h.unitLabel, room: h.room };
  }

  /** A household of the building whose registered member has the phone with this blind index. */
  registryMatch(db: Db, buildingId: number, phoneHash: string) {
    return repo.householdWithPhone(db, buildingId, phoneHash);
  }

  /**
   * Admits a confirmed person into a household of the building, in the caller's transaction (the
   * caller decided they may): into `householdId`, or the household at the unit and room, created when
   * the address has none (floor from the room number: 302 → 3, 1203 → 12). The registry's member with
   * the same phone (blind index) is linked to the account instead of adding a second record.
   */
  async admitIn(
    tx: Db,
    ctx: RequestContext,
    building: { id: number; path: string; streetId: number },
    where: { householdId?: number | undefined; unitLabel?: string | null | undefined; room?: string | undefined },
    person: { userId: number; name: string; phoneEnc: string; phoneHash: string },
  ): Promise<{ householdId: number; residentId: number; unitLabel: string | null; room: string }> {
    let h =
      where.householdId !== undefined
        ? await repo.findHousehold(tx, where.householdId)
        : await repo.findHouseholdByAddress(tx, building.id, where.unitLabel ?? null, where.room as string);
    if (h && h.buildingId !== building.id) throw notFound();
    if (!h) {
      if (where.householdId !== undefined || !where.room) throw notFound();
      const digits = /^\d+/.exec(where.room)?.[0] ?? '';
      const floor = digits.length >= 3 ? Number(digits.slice(0, -2)) : 1;
      h = await repo.insertHousehold(tx, {
        streetId: building.streetId,
        buildingId: building.id,
        path: building.path,
        unitLabel: where.unitLabel ?? null,
        floor,
        room: where.room,
        isOwner: false,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'household.create',
        objectType: 'household',
        objectId: h.id,
        streetId: building.streetId,
        detail: { residents: 0, via: 'residency' },
      });
    }
    const members = await repo.residentsOf(tx, [h.id]);
    const mine = members.find((m) => m.userId === person.userId);
    const same = mine ?? members.find((m) => m.phoneHash === person.phoneHash && m.userId === null);
    let residentId: number;
    if (same) {
      residentId = same.id;
      if (!mine) await repo.linkResident(tx, same.id, person.userId);
    } else {
      const [r] = await repo.insertResidents(tx, [
        {
          streetId: h.streetId,
          householdId: h.id,
          name: person.name,
          relation: members.length === 0 ? '户主' : '其他',
          phoneEnc: person.phoneEnc,
          phoneHash: person.phoneHash,
          userId: person.userId,
        },
      ]);
      residentId = (r as { id: number }).id;
    }
    await recordAudit(tx, this.clock, ctx, {
      action: same ? 'resident.link_account' : 'resident.create',
      objectType: 'resident',
      objectId: residentId,
      streetId: h.streetId,
      detail: { householdId: h.id, userId: person.userId },
    });
    return { householdId: h.id, residentId, unitLabel: h.unitLabel, room: h.room };
  }

  /**
   * Opens one full phone or ID number for a stated purpose. The reveal is written to the audit log in
   * the same transaction; a refused attempt is audited too (docs/rules.md#personal-data).
   */
  async reveal(ctx: RequestContext, residentId: number, field: 'phone' | 'idNumber', purpose: string) {
    return this.db
      .transaction(async (tx) => {
        const found = await repo.findResident(tx as unknown as Db, residentId);
        const registry = Scope.of(ctx.actor, REGISTRY_READ);
        const visible = !!found && registry.covers(found.path);
        const allowed = visible && Scope.of(ctx.actor, REVEAL[field]).covers(found.path);
        // Every attempt leaves a row, also outside the caller's reach (someone probing ids), without
        // saying in the answer whether the resident exists.
        await recordAudit(tx as unknown as Db, this.clock, ctx, {
          action: `resident.reveal.${field}`,
          objectType: 'resident',
          objectId: residentId,
          streetId: visible ? found.resident.streetId : null,
          result: allowed ? 'ok' : 'denied',
          detail: visible ? { purpose } : { purpose, outsideScope: true },
        });
        if (!allowed) return { denied: Scope.refusal(registry, found?.path) };
        const enc = field === 'phone' ? found.resident.phoneEnc : found.resident.idNumberEnc;
        return { denied: false as const, value: this.cipher.decryptOptional(enc) };
      })
      .then((r) => {
        // The denial is committed with its audit row before it is reported.
        if (r.denied) throw r.denied;
        return { value: r.value };
      });
  }

  /**
   * Which of these ID numbers (blind indexes) are registered within the caller's registry jurisdiction,
   * and nowhere else: whether a person is registered in another community is not theirs to learn. The
   * check is audited (how many, how many found) and serialised per number until the transaction ends.
   */
  async checkIdNumbers(tx: Db, ctx: RequestContext, hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const found = await repo.lockAndFindIdHashesInScope(tx, Scope.of(ctx.actor, REGISTRY_READ), hashes);
    await recordAudit(tx, this.clock, ctx, {
      action: 'resident.id_number_check',
      objectType: 'resident',
      objectId: null,
      streetId: null,
      detail: { checked: new Set(hashes).size, inScope: found.size },
    });
    return found;
  }

  /** Validates and encrypts one member; throws VALIDATION_FAILED naming the field. */
  checkResident(r: NewResidentInput, at: string) {
    const fields: { path: string; message: string }[] = [];
    const phone = r.phone ? normalisePhone(r.phone) : null;
    if (phone && !isValidPhone(phone)) fields.push({ path: `${at}.phone`, message: 'not a valid phone number' });
    const idNumber = r.idNumber ? normaliseChinaId(r.idNumber) : null;
    if (idNumber && !isValidChinaId(idNumber))
      fields.push({ path: `${at}.idNumber`, message: 'not a valid ID number' });
    let birthYear = r.birthYear ?? null;
    if (idNumber && isValidChinaId(idNumber)) {
      const fromId = birthYearFromChinaId(idNumber);
      if (birthYear !== null && birthYear !== fromId) {
        fields.push({ path: `${at}.birthYear`, message: 'does not match the ID number' });
      }
      birthYear = fromId;
    }
    if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
    const careTags = [...new Set(r.careTags)];
    return {
      name: r.name,
      gender: r.gender ?? null,
      birthYear,
      relation: r.relation,
      phoneEnc: this.cipher.encryptOptional(phone),
      phoneHash: phone ? this.cipher.blindIndex('phone', phone) : null,
      idNumberEnc: this.cipher.encryptOptional(idNumber),
      idNumberHash: idNumber ? this.cipher.blindIndex('id', idNumber) : null,
      careTagsEnc: careTags.length ? this.cipher.encrypt(JSON.stringify(careTags)) : null,
      careTagHashes: careTags.map((t) => this.cipher.blindIndex('tag', t)),
    };
  }
}
