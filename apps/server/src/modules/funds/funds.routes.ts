import {
  CreateFundRequest,
  FundList,
  FundView,
  IdParams,
  PaymentView,
  QuoteInput,
  RecordExpenseRequest,
  RecordPaymentRequest,
  UpdateSharesRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { FundsService } from './funds.service';
import { FUNDS_SHEET } from './funds-excel';

/** Shared funds (楼栋集资): open, the cost list (JSON and A4 PDF), quotes, payments, expenses, settle. */
export function fundsRoutes(app: FastifyInstance, funds: FundsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['funds'];

  r.post(
    '/api/v1/funds',
    {
      schema: {
        tags,
        summary: '发起楼栋集资 / Open a shared fund',
        body: CreateFundRequest,
        response: { 201: FundView },
      },
    },
    async (req, reply) => reply.status(201).send(await funds.create(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/funds',
    { schema: { tags, summary: '楼栋集资 / Shared funds', response: { 200: FundList } } },
    async (req) => funds.list(contextOf(req)),
  );
  r.get(
    '/api/v1/funds/export',
    {
      schema: {
        tags,
        summary: '导出楼栋集资 / Export the shared funds I see (.xlsx)',
        description: 'What the list shows, amounts in yuan; audited (fund.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, FUNDS_SHEET, await funds.exportList(contextOf(req))),
  );
  r.get(
    '/api/v1/funds/:id',
    { schema: { tags, summary: '费用清单 / The cost list', params: IdParams, response: { 200: FundView } } },
    async (req) => funds.get(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/funds/:id/cost-list.pdf',
    { schema: { tags, summary: '费用清单（A4 打印）/ The cost list as an A4 PDF', params: IdParams } },
    async (req, reply) => {
      const { pdf, filename } = await funds.costListPdf(contextOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(pdf);
    },
  );
  r.post(
    '/api/v1/funds/:id/quotes',
    {
      schema: {
        tags,
        summary: '添加报价 / Add a quote',
        params: IdParams,
        body: QuoteInput,
        response: { 200: FundView },
      },
    },
    async (req) => funds.addQuote(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/funds/:id/payments',
    {
      schema: {
        tags,
        summary: '缴费登记 / Record a payment',
        params: IdParams,
        body: RecordPaymentRequest,
        response: { 201: PaymentView },
      },
    },
    async (req, reply) => reply.status(201).send(await funds.pay(contextOf(req), req.params.id, req.body)),
  );
  r.post(
    '/api/v1/funds/:id/expenses',
    {
      schema: {
        tags,
        summary: '登记支出 / Record an expense',
        params: IdParams,
        body: RecordExpenseRequest,
        response: { 200: FundView },
      },
    },
    async (req) => funds.addExpense(contextOf(req), req.params.id, req.body),
  );
  r.put(
    '/api/v1/funds/:id/shares',
    {
      schema: {
        tags,
        summary: '修改分摊（尚无人缴费时）/ Re-split the shares before any payment',
        params: IdParams,
        body: UpdateSharesRequest,
        response: { 200: FundView },
      },
    },
    async (req) => funds.updateShares(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/funds/:id/settle',
    { schema: { tags, summary: '结算并退还结余 / Settle and refund', params: IdParams, response: { 200: FundView } } },
    async (req) => funds.settle(contextOf(req), req.params.id),
  );
}
