import type { CoverageFigure, UncoveredBuilding } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/** 无楼长楼栋's export: open buildings first, then most households, as the console lists them. */
export const UNCOVERED_SHEET: ListSheet<UncoveredBuilding> = {
  sheet: { zh: '无楼长楼栋', en: 'Buildings without a captain' },
  columns: [
    { key: 'building', zh: '楼栋', en: 'Building', width: 18, cell: (b) => b.name },
    { key: 'estate', zh: '小区', en: 'Estate', width: 18, cell: (b) => b.estateName },
    { key: 'community', zh: '社区', en: 'Community', width: 16, cell: (b) => b.communityName },
    {
      key: 'open',
      zh: '物业',
      en: 'Management',
      width: 12,
      cell: (b, lang) => (b.isOpen ? { zh: '开放式楼栋', en: 'Open building' } : { zh: '有物业', en: 'Managed' })[lang],
    },
    { key: 'households', zh: '户数', en: 'Households', width: 8, cell: (b) => b.households },
  ],
};

/** 覆盖率's export: per street and community, as the console shows it (the share in per cent, one decimal). */
export const FIGURES_SHEET: ListSheet<CoverageFigure> = {
  sheet: { zh: '楼长覆盖率', en: 'Captain coverage' },
  columns: [
    { key: 'unit', zh: '单位', en: 'Unit', width: 18, cell: (f) => f.name },
    { key: 'buildings', zh: '楼栋', en: 'Buildings', width: 8, cell: (f) => f.buildings },
    { key: 'covered', zh: '已覆盖', en: 'Covered', width: 8, cell: (f) => f.covered },
    { key: 'households', zh: '户数', en: 'Households', width: 8, cell: (f) => f.households },
    { key: 'activeCaptains', zh: '在岗楼长', en: 'Active captains', width: 8, cell: (f) => f.activeCaptains },
    { key: 'perCaptain', zh: '户/楼长', en: 'Households / captain', width: 10, cell: (f) => f.householdsPerCaptain },
    {
      key: 'coverage',
      zh: '覆盖率（%）',
      en: 'Coverage (%)',
      width: 10,
      cell: (f) => Math.round(f.coverage * 1000) / 10,
    },
  ],
};
