import { z } from 'zod';
import { Id, IdParam, Name, Text } from './common';

export const RESIDENCY_CLAIM_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type ResidencyClaimStatus = (typeof RESIDENCY_CLAIM_STATUSES)[number];

/** A room as people write it on the door: 302, 1203, A-301 … */
const Room = Text(16).refine((s) => /^[0-9A-Za-z-]{1,16}$/.test(s), 'a room number such as 302');
const UnitLabel = Text(16);

/** 申请加入住户: the building, and the unit and room the person says they live in. */
export const CreateResidencyClaimRequest = z
  .object({ buildingId: Id, unitLabel: UnitLabel.nullable().optional(), room: Room })
  .strict();
export type CreateResidencyClaimRequest = z.infer<typeof CreateResidencyClaimRequest>;

/** 确认住户: into an existing household of the building, or the unit and room (a household is created when there is none). */
export const ConfirmResidencyRequest = z
  .object({
    householdId: Id.optional(),
    unitLabel: UnitLabel.nullable().optional(),
    room: Room.optional(),
    name: Name(30).optional(),
  })
  .strict()
  .refine((v) => v.householdId !== undefined || v.room !== undefined, {
    message: 'give householdId or room',
    path: ['room'],
  });
export type ConfirmResidencyRequest = z.infer<typeof ConfirmResidencyRequest>;

export const RejectResidencyRequest = z.object({ reason: Text(200).pipe(z.string().min(2)) }).strict();
export type RejectResidencyRequest = z.infer<typeof RejectResidencyRequest>;

export const ResidencyClaimListQuery = z
  .object({ status: z.enum(RESIDENCY_CLAIM_STATUSES).optional(), buildingId: IdParam.optional() })
  .strict();

const HouseholdRef = z.object({ householdId: z.number(), unitLabel: z.string().nullable(), room: z.string() });

export const ResidencyClaimView = z.object({
  id: z.number(),
  status: z.enum(RESIDENCY_CLAIM_STATUSES),
  source: z.enum(['report', 'app']),
  buildingId: z.number(),
  buildingName: z.string(),
  communityName: z.string().nullable(),
  userId: z.number(),
  userName: z.string(),
  /** Masked, and only for those who confirm. */
  phoneMasked: z.string().nullable(),
  unitLabel: z.string().nullable(),
  room: z.string().nullable(),
  reportId: z.number().nullable(),
  /** A household of the building whose registered member has this phone (matched by its blind index). */
  registryMatch: HouseholdRef.nullable(),
  confirmedInto: HouseholdRef.nullable(),
  reason: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ResidencyClaimView = z.infer<typeof ResidencyClaimView>;
export const ResidencyClaimList = z.object({ items: z.array(ResidencyClaimView) });

export const BuildingSearchQuery = z.object({ q: Text(40).pipe(z.string().min(1)) }).strict();
export const BuildingChoice = z.object({
  id: z.number(),
  name: z.string(),
  communityName: z.string().nullable(),
  address: z.string().nullable(),
});
export const BuildingChoiceList = z.object({ items: z.array(BuildingChoice) });
export const BuildingRooms = z.object({
  items: z.array(z.object({ householdId: z.number(), unitLabel: z.string().nullable(), room: z.string() })),
});
