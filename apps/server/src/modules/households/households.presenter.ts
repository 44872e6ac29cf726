import {
  type Gender,
  type HouseholdDetail,
  type HouseholdView,
  maskChinaId,
  type ResidentView,
} from '@louzhang/contracts';
import type { PiiCipher } from '../../platform/crypto';
import type { HouseholdListed, ResidentRow } from './households.repository';

/** Masking lives here, in the presenter: the full values never leave the server except through reveal. */
export function presentResident(r: ResidentRow, cipher: PiiCipher, showCareTags: boolean): ResidentView {
  const idNumber = cipher.decryptOptional(r.idNumberEnc);
  return {
    id: r.id,
    name: r.name,
    gender: (r.gender as Gender | null) ?? null,
    birthYear: r.birthYear,
    relation: r.relation,
    phoneMasked: cipher.maskedPhone(r.phoneEnc),
    idNumberMasked: idNumber ? maskChinaId(idNumber) : null,
    careTags: showCareTags ? careTagsOf(r, cipher) : null,
    hasAccount: r.userId !== null,
  };
}

export function careTagsOf(r: ResidentRow, cipher: PiiCipher): string[] {
  const raw = cipher.decryptOptional(r.careTagsEnc);
  return raw ? (JSON.parse(raw) as string[]) : [];
}

export function addressOf(h: Pick<HouseholdListed, 'buildingName' | 'unitLabel' | 'room'>): string {
  return `${h.buildingName}${h.unitLabel ?? ''}${h.room}室`;
}

export function presentHousehold(
  h: HouseholdListed,
  members: ResidentRow[],
  cipher: PiiCipher,
  showCareTags: boolean,
): HouseholdView {
  return {
    id: h.id,
    buildingId: h.buildingId,
    buildingName: h.buildingName,
    unitLabel: h.unitLabel,
    floor: h.floor,
    room: h.room,
    address: addressOf(h),
    floorArea: h.floorArea ?? null,
    isOwner: h.isOwner,
    ownerKey: h.ownerKey ?? null,
    memberCount: members.length,
    careTags: showCareTags ? [...new Set(members.flatMap((m) => careTagsOf(m, cipher)))] : null,
  };
}

export function presentHouseholdDetail(
  h: HouseholdListed,
  members: ResidentRow[],
  cipher: PiiCipher,
  showCareTags: boolean,
): HouseholdDetail {
  return {
    ...presentHousehold(h, members, cipher, showCareTags),
    residents: members.map((m) => presentResident(m, cipher, showCareTags)),
  };
}
