import type { ErrorEntry } from '../errors';

/** Imports, exports, uploaded files and images: their error codes, part of `ERRORS`. */
export const FILE_ERRORS = {
  IMPORT_HAS_ERRORS: {
    status: 422,
    zh: '导入文件有错误行，未写入任何数据',
    en: 'The import file has rows with errors; nothing was written',
  },
  EXPORT_TOO_LARGE: {
    status: 422,
    zh: '导出超过 10,000 条，请改用后台导出（导出任务），完成后下载',
    en: 'The export has more than 10,000 rows; start a background export (Exports) and download it when done',
  },
  EXPORT_FAILED: { status: 500, zh: '导出失败，请重新导出', en: 'The export failed; start it again' },
  EXPORT_EXPIRED: { status: 410, zh: '导出文件已过期，请重新导出', en: 'The export file has expired; export again' },
  MONTH_NOT_ENDED: {
    status: 409,
    zh: '该月尚未结束，月度报告须在次月生成',
    en: 'That month has not ended yet; its report can be made from the 1st of the next month',
  },
  REPORT_SCOPE_UNSUPPORTED: {
    status: 400,
    zh: '月度报告只按街道或社区生成',
    en: 'Monthly reports are made for a street or a community',
  },
  EXPORT_NOT_READY: { status: 409, zh: '导出尚未完成，请稍后再下载', en: 'The export is not finished yet' },
  BAD_FILE: { status: 400, zh: '文件无法读取，请上传 .xlsx 文件', en: 'The file cannot be read; upload an .xlsx file' },
  BAD_TEMPLATE: {
    status: 400,
    zh: '文件表头与模板不一致，请下载最新模板',
    en: 'The file headers do not match the template',
  },
  TOO_MANY_ROWS: { status: 400, zh: '文件行数超过上限', en: 'The file has too many rows' },
  UNSUPPORTED_IMAGE: {
    status: 415,
    zh: '只支持 JPEG、PNG 或 WebP 图片',
    en: 'Only JPEG, PNG or WebP images are accepted',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    zh: '图片过大（最大 10 MB、4000 万像素）',
    en: 'The image is too large (10 MB, 40 megapixels at most)',
  },
  IMAGE_UNREADABLE: { status: 400, zh: '图片已损坏，无法读取', en: 'The image is damaged and cannot be read' },
} as const satisfies Record<string, ErrorEntry>;
