/** API paths the console calls for chores, captains, mall and reports (under /api/v1), in one place. */
export const EP = {
  captains: '/captains',
  choreTemplates: '/chore-templates',
  choreTemplate: (id: number) => `/chore-templates/${id}`,
  chorePublications: '/chore-publications',
  chorePublicationCancel: (id: number) => `/chore-publications/${id}/cancel`,
  reviewQueue: '/chores/review-queue',
  submission: (id: number) => `/chores/submissions/${id}`,
  approve: (id: number) => `/chores/submissions/${id}/approve`,
  reject: (id: number) => `/chores/submissions/${id}/reject`,
  batchReview: '/chores/submissions/batch-review',
  photo: (id: number, thumb = false) => `/api/v1/photos/${id}${thumb ? '?thumb=1' : ''}`,

  products: '/mall/products',
  product: (id: number) => `/mall/products/${id}`,
  mallReport: '/mall/report',
  orders: '/mall/orders',
  orderReady: (id: number) => `/mall/orders/${id}/ready`,
  orderCancel: (id: number) => `/mall/orders/${id}/cancel`,
  pickupVerify: '/mall/pickups',

  reports: '/reports',
  report: (id: number) => `/reports/${id}`,
  reportAction: (id: number, action: 'accept' | 'answer' | 'resolve' | 'escalate' | 'reject' | 'merge') =>
    `/reports/${id}/${action}`,
  reportCategories: '/report-categories',
  figures: '/reports/figures',
  departments: '/departments',

  campaigns: '/campaigns',
  campaign: (id: number) => `/campaigns/${id}`,
  campaignProgress: (id: number) => `/campaigns/${id}/progress`,
  campaignSites: (id: number) => `/campaigns/${id}/sites`,
  campaignExcel: (id: number) => `/campaigns/${id}/sites.xlsx`,
  campaignPdf: (id: number) => `/campaigns/${id}/summary.pdf`,
  campaignSitesMine: '/campaign-sites/mine',
  siteAssignees: (id: number) => `/campaign-sites/${id}/assignees`,
  siteAction: (id: number, action: 'assign' | 'accept' | 'clear' | 'not-clearable') =>
    `/campaign-sites/${id}/${action}`,

  smsOutbox: '/admin/sms-outbox',
  accounts: '/accounts',
  accountBindings: (id: number) => `/accounts/${id}/bindings`,
  accountRevoke: (id: number, bindingId: number) => `/accounts/${id}/bindings/${bindingId}/revoke`,
  accountDisable: (id: number) => `/accounts/${id}/disable`,
  accountEnable: (id: number) => `/accounts/${id}/enable`,
  accountReset: (id: number) => `/accounts/${id}/password-reset`,
} as const;
