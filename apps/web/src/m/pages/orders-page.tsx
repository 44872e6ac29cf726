import Tag from 'antd-mobile/es/components/tag';
import { getPage } from '../../common/api';
import { fmt, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { OrderView } from '../api-types';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

const COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning'> = {
  placed: 'warning',
  ready: 'primary',
  picked_up: 'success',
  cancelled: 'default',
};

/** 我的兑换: each order with its goods and, until picked up, the pick-up code in big type and as QR. */
export default function OrdersPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => getPage<OrderView>('/mall/orders/mine', {}, null, 20, signal), []);
  const items = req.data?.items;
  let body: React.ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={t.mMall.noOrders} />;
  else
    body = items.map((o) => (
      <div key={o.id} className="m-card" data-testid={`order-${o.id}`}>
        <div className="m-outbox-row">
          <span className="m-outbox-title">{fmt(t.mMall.orderOf, { month: o.windowMonth })}</span>
          <Tag color={COLOR[o.status] ?? 'default'} className="m-tag">
            {t.mMall.status[o.status] ?? o.status}
          </Tag>
        </div>
        <ul className="m-order-lines">
          {o.items.map((l) => (
            <li key={l.productId}>
              {l.productName} × {l.quantity}
            </li>
          ))}
        </ul>
        <div className="m-hint">{fmt(t.mMall.spent, { n: o.pointsTotal })}</div>
        {(o.status === 'placed' || o.status === 'ready') && (
          <div className="m-pickup">
            <div className="m-card-label">{t.mMall.pickupCode}</div>
            <div className="m-pickup-code" data-testid="pickup-code">
              {o.pickupCode}
            </div>
            <img
              className="m-qr"
              src={`/api/v1/mall/orders/${o.id}/pickup-qr`}
              width={220}
              height={220}
              alt={t.mMall.pickupQr}
            />
            <p className="m-hint">{o.status === 'ready' ? t.mMall.readyHint : t.mMall.placedHint}</p>
          </div>
        )}
      </div>
    ));
  return (
    <Screen title={t.mMall.myOrders} backTo="/mall">
      {body}
    </Screen>
  );
}
