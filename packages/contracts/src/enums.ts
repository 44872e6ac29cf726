import { z } from 'zod';

/**
 * Levels of the org tree (docs/rules.md#domain), plus departments (under a district), partner organisations (under a
 * street) and places that are not buildings (lanes, squares, markets) under a community or grid.
 */
export const ORG_KINDS = [
  'city',
  'district',
  'street',
  'community',
  'micro_community',
  'grid',
  'estate',
  'building',
  'unit',
  'department',
  'partner_org',
  /** A place that is not a building (背街小巷 lane, square, market) under a community or grid. */
  'place',
] as const;
export const OrgKind = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof OrgKind>;

/** How an estate is managed: 有物业 / 自管 / 无物管 / 单体楼. */
export const ESTATE_MANAGEMENT = ['managed', 'self_managed', 'unmanaged', 'standalone'] as const;
export const EstateManagement = z.enum(ESTATE_MANAGEMENT);
export type EstateManagement = z.infer<typeof EstateManagement>;

/** Roles of docs/rules.md#roles-and-scope. A user holds any number, each bound to one org unit. */
export const ROLES = [
  'resident',
  'captain',
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'property_window',
  'partner',
  'admin',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Built-in care tags; communities may add custom ones (free text, ≤ 20 chars). */
export const CARE_TAGS = [
  'elderly_alone',
  'empty_nest',
  'aged',
  'disabled',
  'low_income',
  'left_behind_child',
] as const;
export const BuiltInCareTag = z.enum(CARE_TAGS);
export type BuiltInCareTag = z.infer<typeof BuiltInCareTag>;

export const CARE_TAG_LABELS: Record<BuiltInCareTag, { zh: string; en: string }> = {
  elderly_alone: { zh: '独居老人', en: 'Elderly living alone' },
  empty_nest: { zh: '空巢', en: 'Empty nest' },
  aged: { zh: '高龄', en: 'Aged 80+' },
  disabled: { zh: '残疾', en: 'Disabled' },
  low_income: { zh: '低保/建档立卡', en: 'Low income' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child' },
};

export const GENDERS = ['M', 'F'] as const;
export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;
