import type { CareContactView, CareErrand, CarePersonView, CareVisitView } from '@louzhang/contracts';
import type { PiiCipher } from '../../platform/crypto';
import type { CaredRow, VisitRow } from './care.repository';

export function tagsOf(r: Pick<CaredRow, 'careTagsEnc'>, cipher: PiiCipher): string[] {
  const raw = cipher.decryptOptional(r.careTagsEnc);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

export function presentPerson(
  r: CaredRow,
  tags: string[],
  everyDays: number,
  due: { dueOn: string | null; status: CarePersonView['status'] },
): CarePersonView {
  return {
    residentId: r.residentId,
    name: r.name,
    birthYear: r.birthYear,
    householdId: r.householdId,
    buildingId: r.buildingId,
    address: `${r.buildingName}${r.unitLabel ?? ''}${r.room}室`,
    careTags: tags,
    everyDays,
    visitorUserId: r.visitorUserId,
    visitorName: r.visitorName,
    lastVisitOn: r.lastVisitOn,
    dueOn: due.dueOn,
    status: due.status,
  };
}

export function presentVisit(v: VisitRow, cipher: PiiCipher): CareVisitView {
  return {
    id: v.id,
    residentId: v.residentId,
    visitorUserId: v.visitorUserId,
    visitorName: v.visitorName,
    visitedAt: v.visitedAt.toISOString(),
    visitedOn: v.visitedOn,
    findings: cipher.decryptOptional(v.findingsEnc),
    need: cipher.decryptOptional(v.needEnc),
    errands: v.errands as CareErrand[],
    reportId: v.reportId,
  };
}

export function presentContact(
  c: { id: number; name: string; relation: string; phoneEnc: string },
  cipher: PiiCipher,
): CareContactView {
  return { id: c.id, name: c.name, relation: c.relation, phoneMasked: cipher.maskedPhone(c.phoneEnc) };
}
