import {
  CancelOrderRequest,
  CreateProductRequest,
  IdParams,
  MallReport,
  MallReportQuery,
  MallSettingsView,
  MyOrderListQuery,
  OrderExportQuery,
  OrderListQuery,
  OrderPage,
  OrderView,
  PlaceOrderRequest,
  ProductList,
  ProductListQuery,
  ProductView,
  StaffOrderPage,
  StreetQuery,
  UpdateMallSettingsRequest,
  UpdateProductRequest,
  VerifyPickupRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { MallService } from './mall.service';
import { MALL_REPORT_SHEET, PRODUCTS_SHEET } from './mall-excel';
import type { MallExportsService } from './mall-exports.service';
import type { MallOrdersService } from './mall-orders.service';
import { ORDERS_SHEET } from './mall-orders-excel';
import type { PlacedOrdersService } from './mall-placed-orders.service';

export function mallRoutes(
  app: FastifyInstance,
  mall: MallService,
  placed: PlacedOrdersService,
  orders: MallOrdersService,
  exports: MallExportsService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['mall'];

  r.get(
    '/api/v1/mall/products',
    {
      schema: {
        tags,
        summary: '积分商城商品与本月兑换时间 / Goods and this month’s window',
        querystring: ProductListQuery,
        response: { 200: ProductList },
      },
    },
    async (req) => mall.products(contextOf(req), req.query.streetId),
  );
  r.get(
    '/api/v1/mall/products/export',
    {
      schema: {
        tags,
        summary: '导出商品 / Export the street’s products (.xlsx)',
        description: 'What the list shows; audited (mall.products_export) before the first byte.',
        querystring: ProductListQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, PRODUCTS_SHEET, await exports.products(contextOf(req), req.query.streetId)),
  );

  r.post(
    '/api/v1/mall/products',
    {
      schema: { tags, summary: '上架商品 / Add goods', body: CreateProductRequest, response: { 201: ProductView } },
    },
    async (req, reply) => reply.status(201).send(await mall.createProduct(contextOf(req), req.body)),
  );

  r.patch(
    '/api/v1/mall/products/:id',
    {
      schema: {
        tags,
        summary: '修改商品或补货 / Change goods or restock',
        params: IdParams,
        body: UpdateProductRequest,
        response: { 200: ProductView },
      },
    },
    async (req) => mall.updateProduct(contextOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/mall/orders',
    {
      schema: {
        tags,
        summary: '兑换（每月一次）/ Redeem points (one order per window)',
        body: PlaceOrderRequest,
        response: { 201: OrderView },
      },
    },
    async (req, reply) => reply.status(201).send(await mall.placeOrder(contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/mall/orders/mine',
    { schema: { tags, summary: '我的兑换 / My orders', querystring: MyOrderListQuery, response: { 200: OrderPage } } },
    async (req) => placed.myOrders(contextOf(req), req.query),
  );

  r.get(
    '/api/v1/mall/orders',
    {
      schema: {
        tags,
        summary: '兑换订单（辖区内）/ Orders in my jurisdiction',
        querystring: OrderListQuery,
        response: { 200: StaffOrderPage },
      },
    },
    async (req) => orders.orders(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/mall/orders/export',
    {
      schema: {
        tags,
        summary: '导出兑换订单（按当前筛选）/ Export the filtered orders (.xlsx)',
        description: 'The list’s filters and sort; streamed row by row; 422 EXPORT_TOO_LARGE over 10,000 rows.',
        querystring: OrderExportQuery,
      },
    },
    async (req, reply) => {
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await orders.exportRows(contextOf(req), req.query);
      return sendListSheet(req, reply, ORDERS_SHEET, rows);
    },
  );

  r.get(
    '/api/v1/mall/orders/:id',
    { schema: { tags, summary: '订单 / Order', params: IdParams, response: { 200: OrderView } } },
    async (req) => placed.order(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/mall/orders/:id/pickup-qr',
    { schema: { tags, summary: '取货码二维码 (SVG) / Pick-up QR code', params: IdParams } },
    async (req, reply) => {
      const svg = await placed.pickupQr(contextOf(req), req.params.id);
      return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(svg);
    },
  );

  r.post(
    '/api/v1/mall/orders/:id/ready',
    { schema: { tags, summary: '备货完成 / Mark ready', params: IdParams, response: { 200: OrderView } } },
    async (req) => placed.markReady(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/mall/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: '取消兑换并退回积分 / Cancel and refund',
        params: IdParams,
        body: CancelOrderRequest,
        response: { 200: OrderView },
      },
    },
    async (req) => placed.cancel(contextOf(req), req.params.id, req.body.reason),
  );

  r.post(
    '/api/v1/mall/pickups',
    {
      schema: {
        tags,
        summary: '凭取货码领取 / Hand over against the pick-up code',
        body: VerifyPickupRequest,
        response: { 200: OrderView },
      },
    },
    async (req) => placed.verifyPickup(contextOf(req), req.body.code),
  );

  r.get(
    '/api/v1/mall/report',
    {
      schema: {
        tags,
        summary: '库存与兑换统计 / Stock and spend report',
        querystring: MallReportQuery,
        response: { 200: MallReport },
      },
    },
    async (req) => mall.report(contextOf(req), req.query.streetId, req.query.month),
  );
  r.get(
    '/api/v1/mall/report/export',
    {
      schema: {
        tags,
        summary: '导出库存与兑换统计 / Export the month’s report per product (.xlsx)',
        description: 'The same street and month as the report; audited (mall.report_export) first.',
        querystring: MallReportQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(
        req,
        reply,
        MALL_REPORT_SHEET,
        await exports.report(contextOf(req), req.query.streetId, req.query.month),
      ),
  );

  r.get(
    '/api/v1/mall/settings',
    {
      schema: {
        tags,
        summary: '兑换时间设置 / Redemption window days',
        querystring: StreetQuery,
        response: { 200: MallSettingsView },
      },
    },
    async (req) => mall.settings(contextOf(req), req.query.streetId),
  );

  r.put(
    '/api/v1/mall/settings',
    {
      schema: {
        tags,
        summary: '修改兑换时间（每月第几日至第几日，北京时间）/ Set the window days',
        body: UpdateMallSettingsRequest,
        response: { 200: MallSettingsView },
      },
    },
    async (req) => mall.updateSettings(contextOf(req), req.body),
  );
}
