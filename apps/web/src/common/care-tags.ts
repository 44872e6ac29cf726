import type { BuiltInCareTag } from '@louzhang/contracts';

/** The built-in care tags in display order (the contracts' CARE_TAGS, kept here so the bundle needs no zod). */
export const CARE_TAG_CODES = [
  'elderly_alone',
  'empty_nest',
  'aged',
  'disabled',
  'low_income',
  'left_behind_child',
] as const satisfies readonly BuiltInCareTag[];
