import { z } from 'zod';
import { Cursor, Id, IdParam, Limit, ListTotal, Name, Text } from './common';

export const ORDER_STATUSES = ['placed', 'ready', 'picked_up', 'cancelled'] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** A monthly redemption window ('YYYY-MM', days of the month in Asia/Shanghai time). */
export const MallWindowView = z.object({
  month: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  isOpen: z.boolean(),
});
export type MallWindowView = z.infer<typeof MallWindowView>;

export const ProductView = z.object({
  id: z.number(),
  streetId: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  photoId: z.number().nullable(),
  photoUrl: z.string().nullable(),
  pointsPrice: z.number(),
  stock: z.number(),
  unitCostYuan: z.number(),
  perPersonLimit: z.number().nullable(),
  isActive: z.boolean(),
});
export type ProductView = z.infer<typeof ProductView>;

export const ProductListQuery = z.object({ streetId: IdParam.optional() }).strict();
export const ProductList = z.object({ streetId: z.number(), window: MallWindowView, items: z.array(ProductView) });

const Points = z.number().int().min(1).max(1_000_000);
export const CreateProductRequest = z
  .object({
    streetId: Id.optional(),
    name: Name(40),
    description: Text(200).optional(),
    photoId: Id.optional(),
    pointsPrice: Points,
    stock: z.number().int().min(0).max(1_000_000),
    unitCostYuan: z.number().min(0).max(1_000_000).multipleOf(0.01),
    perPersonLimit: z.number().int().min(1).max(1000).optional(),
    isActive: z.boolean().default(true),
  })
  .strict();
export type CreateProductRequest = z.infer<typeof CreateProductRequest>;

export const UpdateProductRequest = z
  .object({
    name: Name(40).optional(),
    description: Text(200).nullable().optional(),
    photoId: Id.nullable().optional(),
    pointsPrice: Points.optional(),
    /** Added to (or, negative, taken from) the stock; never below zero. */
    stockDelta: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    unitCostYuan: z.number().min(0).max(1_000_000).multipleOf(0.01).optional(),
    perPersonLimit: z.number().int().min(1).max(1000).nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .strict();
export type UpdateProductRequest = z.infer<typeof UpdateProductRequest>;

export const PlaceOrderRequest = z
  .object({
    streetId: Id.optional(),
    items: z
      .array(z.object({ productId: Id, quantity: z.number().int().min(1).max(100) }).strict())
      .min(1)
      .max(20)
      .refine((items) => new Set(items.map((i) => i.productId)).size === items.length, 'each product once'),
  })
  .strict();
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;

export const OrderLineView = z.object({
  productId: z.number(),
  productName: z.string(),
  quantity: z.number(),
  pointsPrice: z.number(),
});

export const OrderView = z.object({
  id: z.number(),
  streetId: z.number(),
  userId: z.number(),
  userName: z.string().nullable(),
  windowMonth: z.string(),
  status: OrderStatus,
  pointsTotal: z.number(),
  costTotalYuan: z.number(),
  /** Short, typeable; shown to the captain as text and as a QR code. */
  /** Only for the captain who ordered (and for staff in the answer to verifying it). */
  pickupCode: z.string().nullable(),
  items: z.array(OrderLineView),
  createdAt: z.string(),
});
export type OrderView = z.infer<typeof OrderView>;

/** newest / oldest: by order number (placing order). */
export const ORDER_SORTS = ['newest', 'oldest'] as const;
const orderFilters = {
  streetId: IdParam.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  status: OrderStatus.optional(),
  /** A pickup code, the captain's mobile number (by its blind index), or part of the captain's name. */
  q: Text(40).optional(),
  sort: z.enum(ORDER_SORTS).default('newest'),
};
export const OrderListQuery = z.object({ ...orderFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type OrderListQuery = z.infer<typeof OrderListQuery>;
/** A captain's own orders, newest first (no search: they are a handful). */
export const MyOrderListQuery = z
  .object({
    streetId: orderFilters.streetId,
    month: orderFilters.month,
    status: orderFilters.status,
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .strict();
export type MyOrderListQuery = z.infer<typeof MyOrderListQuery>;
/** What the 兑换订单 list shows, exported: the same filters, every page. */
export const OrderExportQuery = z.object(orderFilters).strict();
export type OrderExportQuery = z.infer<typeof OrderExportQuery>;
export const OrderPage = z.object({ items: z.array(OrderView), nextCursor: z.string().nullable() });
export const StaffOrderPage = OrderPage.extend(ListTotal.shape);

export const CancelOrderRequest = z.object({ reason: Text(200).pipe(z.string().min(1)) }).strict();
export const VerifyPickupRequest = z
  .object({
    code: z
      .string()
      .trim()
      .max(20)
      .regex(/^[A-Za-z0-9 -]+$/),
  })
  .strict();

export const MallReportQuery = z
  .object({
    streetId: IdParam.optional(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
  })
  .strict();
export const MallReportLine = z.object({
  productId: z.number(),
  name: z.string(),
  stock: z.number(),
  unitsOrdered: z.number(),
  unitsPickedUp: z.number(),
  points: z.number(),
  costYuan: z.number(),
});
export const MallReport = z.object({
  streetId: z.number(),
  month: z.string(),
  yuanPerPoint: z.number(),
  products: z.array(MallReportLine),
  totals: z.object({
    orders: z.number(),
    cancelled: z.number(),
    units: z.number(),
    points: z.number(),
    /** What the goods cost the street. */
    costYuan: z.number(),
    /** What the points spent stand for at the street's yuan value of a point. */
    pointsYuan: z.number(),
  }),
});
export type MallReport = z.infer<typeof MallReport>;

/** The monthly window: days of the month, Asia/Shanghai time, inclusive. */
export const MallSettingsView = z.object({
  streetId: z.number(),
  windowStartDay: z.number(),
  windowEndDay: z.number(),
});
export const UpdateMallSettingsRequest = z
  .object({
    streetId: Id.optional(),
    windowStartDay: z.number().int().min(1).max(28),
    windowEndDay: z.number().int().min(1).max(31),
  })
  .strict()
  .refine((s) => s.windowEndDay >= s.windowStartDay, {
    message: 'the window ends before it starts',
    path: ['windowEndDay'],
  });
export type UpdateMallSettingsRequest = z.infer<typeof UpdateMallSettingsRequest>;
