import { z } from 'zod';
import { EstateManagement, OrgKind } from '../enums';
import { Id, IdParam, Name, Text } from './common';

export const OrgUnitView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: OrgKind,
  name: z.string(),
  path: z.string(),
  management: EstateManagement.nullable(),
  address: z.string().nullable(),
  hasChildren: z.boolean(),
});
export type OrgUnitView = z.infer<typeof OrgUnitView>;

export const OrgUnitListQuery = z.object({ parentId: IdParam.optional() }).strict();
export const OrgUnitList = z.object({ items: z.array(OrgUnitView) });

/** Finding a unit by name within one's jurisdiction (the scope picker's search box). */
export const OrgUnitSearchQuery = z.object({ q: Name(30) }).strict();
export const OrgUnitFound = OrgUnitView.extend({
  /** The names of the units above it, within the caller's jurisdiction, top first (某街道 / 新兴社区). */
  trail: z.array(z.string()),
});
export type OrgUnitFound = z.infer<typeof OrgUnitFound>;
export const OrgUnitSearchResult = z.object({ items: z.array(OrgUnitFound) });

export const CreateOrgUnitRequest = z
  .object({
    parentId: Id,
    kind: OrgKind,
    name: Name(60),
    management: EstateManagement.optional(),
    address: Text(120).optional(),
  })
  .strict();
export type CreateOrgUnitRequest = z.infer<typeof CreateOrgUnitRequest>;

/** The buildings under a community (grid, estate) whose boards can be printed, with who is on each board. */
export const BoardBuildingList = z.object({
  unit: z.object({ id: z.number(), name: z.string(), kind: OrgKind }),
  items: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      address: z.string().nullable(),
      /** Names of the building's captains, printed on its board (empty: the board names no captain). */
      captains: z.array(z.string()),
    }),
  ),
  /** More buildings than one batch prints (MAX_BOARDS_PER_PDF): the list stops there. */
  truncated: z.boolean(),
});
export type BoardBuildingList = z.infer<typeof BoardBuildingList>;
