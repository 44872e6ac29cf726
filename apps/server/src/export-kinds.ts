import { AuditExportQuery, ExportQuery, type Lang, ReportExportQuery } from '@louzhang/contracts';
import type { AuditService } from './modules/audit/audit.service';
import { AUDIT_SHEET } from './modules/audit/audit-excel';
import type { ExportsService } from './modules/exports/exports.service';
import type { HouseholdsExportService } from './modules/households/households-export.service';
import { HOUSEHOLDS_FILE, streamHouseholdsXlsx } from './modules/households/households-export-xlsx';
import type { ReportsService } from './modules/reports/reports.service';
import { REPORTS_SHEET, streamReportsXlsx } from './modules/reports/reports-excel';
import { streamListSheet } from './platform/xlsx-export';

/**
 * The lists whose exports may run in the background (导出任务): each names its query, its rows (the same as
 * its streamed export's, masked as on screen) and its writer. A new kind: add it to EXPORT_KINDS in the
 * contracts and register it here.
 */
export function registerExportKinds(
  exports: ExportsService,
  s: { reports: ReportsService; householdsExport: HouseholdsExportService; audit: AuditService },
): void {
  exports.register('reports', {
    query: ReportExportQuery,
    // Everyone signed in has a reports list (their own, their level's, their jurisdiction's).
    mayExport: () => true,
    rows: (ctx, q, opts) => s.reports.exportRows(ctx, q, opts),
    write: streamReportsXlsx,
    fileName: (lang: Lang) => `${REPORTS_SHEET[lang]}.xlsx`,
  });
  exports.register('households', {
    query: ExportQuery,
    mayExport: (ctx) => s.householdsExport.mayExport(ctx),
    rows: (ctx, q, opts) => s.householdsExport.exportRows(ctx, q, opts),
    write: (out, rows) => streamHouseholdsXlsx(out, rows),
    // One list row (a household) is several file rows (its residents).
    unitOf: (row) => row.householdId,
    fileName: () => HOUSEHOLDS_FILE,
  });
  exports.register('audit', {
    query: AuditExportQuery,
    // The log grows by every write: a year of a street's is far past what one request streams.
    mayExport: (ctx) => s.audit.mayRead(ctx),
    rows: (ctx, q, opts) => s.audit.exportRows(ctx, q, opts),
    write: (out, rows, lang) => streamListSheet(out, AUDIT_SHEET, rows, lang),
    fileName: (lang: Lang) => `${AUDIT_SHEET.sheet[lang]}.xlsx`,
  });
}
