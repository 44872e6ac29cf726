import Button from 'antd-mobile/es/components/button';
import Dialog from 'antd-mobile/es/components/dialog';
import Toast from 'antd-mobile/es/components/toast';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, getPage, isApiError, newIdempotencyKey } from '../../common/api';
import { lastDay, shortDay } from '../../common/dates';
import { fmt, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { MallWindow, OrderView, PointAccount, ProductList } from '../api-types';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** "2 天 3 小时 5 分" until `to`, re-rendered every 30 s. */
function useCountdown(to: string | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);
  if (!to) return null;
  return Math.max(0, new Date(to).getTime() - now);
}

function WindowBanner({ window: w }: { window: MallWindow }) {
  const { t } = useI18n();
  const left = useCountdown(w.isOpen ? w.closesAt : w.opensAt);
  const mins = Math.floor((left ?? 0) / 60_000);
  const parts = { d: Math.floor(mins / 1440), h: Math.floor((mins % 1440) / 60), m: mins % 60 };
  const upcoming = new Date(w.opensAt).getTime() > Date.now();
  return (
    <div className={`m-card m-window${w.isOpen ? ' m-window-open' : ''}`} role="status" data-testid="mall-window">
      <div className="m-card-value">
        {w.isOpen ? t.mMall.windowOpen : upcoming ? t.mMall.windowUpcoming : t.mMall.windowClosed}
      </div>
      {(w.isOpen || upcoming) && (
        <div className="m-window-count">{fmt(w.isOpen ? t.mMall.closesIn : t.mMall.opensIn, parts)}</div>
      )}
      <div className="m-hint">
        {fmt(t.mMall.windowDates, {
          from: shortDay(w.opensAt),
          to: lastDay(w.closesAt),
        })}
      </div>
    </div>
  );
}

/**
 * 积分商城: the window's state and countdown, goods with stock, a quantity per product, the total
 * against the balance, and one order for the month (several products). The order's key is kept
 * until it succeeds, so a second tap after a lost answer never orders twice.
 */
export default function MallPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const req = useRequest((signal) => api.get<ProductList>('/mall/products', { signal }), []);
  const points = useRequest((signal) => api.get<PointAccount>('/points/me', { query: { limit: 1 }, signal }), []);
  // One order per window: when this month's is placed, the page says so and leads to its pick-up code
  // instead of letting the captain fill a basket the server will refuse.
  const mine = useRequest((signal) => getPage<OrderView>('/mall/orders/mine', {}, null, 3, signal), []);
  const [qty, setQty] = useState<Record<number, number>>({});
  const [busy, setBusy] = useState(false);
  const orderKey = useRef<string | null>(null);

  const d = req.data;
  const balance = points.data?.balance ?? null;
  const lines = d ? d.items.filter((p) => (qty[p.id] ?? 0) > 0) : [];
  const total = lines.reduce((s, p) => s + p.pointsPrice * (qty[p.id] ?? 0), 0);
  const over = balance !== null && total > balance;
  const thisMonths = d
    ? mine.data?.items.find((o) => o.windowMonth === d.window.month && o.status !== 'cancelled')
    : undefined;
  const canOrder = !!d?.window.isOpen && !thisMonths;

  async function order() {
    if (!d || lines.length === 0) return;
    const ok = await Dialog.confirm({
      content: fmt(t.mMall.confirm, {
        items: lines.map((p) => `${p.name}×${qty[p.id]}`).join('、'),
        total,
      }),
      confirmText: t.mMall.order,
      cancelText: t.common.cancel,
    });
    if (!ok) return;
    setBusy(true);
    orderKey.current ??= newIdempotencyKey();
    try {
      await api.create(
        '/mall/orders',
        { items: lines.map((p) => ({ productId: p.id, quantity: qty[p.id] })) },
        {
          idempotencyKey: orderKey.current,
        },
      );
      orderKey.current = null;
      Toast.show({ icon: 'success', content: t.mMall.ordered });
      navigate('/mall/orders');
    } catch (e) {
      // A refusal (sold out, limit, balance) is final for this order: the next try is a new one.
      if (!isApiError(e, 'NETWORK_ERROR')) orderKey.current = null;
      Toast.show({ content: errorMessage(e), duration: 3000 });
      req.reload();
      points.reload();
    } finally {
      setBusy(false);
    }
  }

  let body: React.ReactNode;
  if (req.loading && !d) body = <SectionLoading />;
  else if (req.error && !d) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (d)
    body = (
      <>
        <WindowBanner window={d.window} />
        {thisMonths && (
          <Link to="/mall/orders" className="m-card m-ordered" data-testid="mall-ordered">
            <span className="m-ordered-title">{t.mMall.orderedThisMonth}</span>
            <span className="m-link">{t.mMall.seePickupCode} ›</span>
          </Link>
        )}
        <div className="m-pad m-mall-links">
          <span className="m-hint">{balance !== null && fmt(t.mMall.balance, { n: balance })}</span>
          <Link to="/mall/orders" className="m-link">
            {t.mMall.myOrders} ›
          </Link>
        </div>
        {d.items.length === 0 && <EmptyState description={t.mMall.empty} />}
        <div className="m-goods">
          {d.items
            .filter((p) => p.isActive)
            .map((p) => {
              const max = Math.min(p.stock, p.perPersonLimit ?? 100);
              return (
                <div key={p.id} className="m-good" data-testid={`product-${p.id}`}>
                  {p.photoUrl ? (
                    <img className="m-good-img" src={p.photoUrl} alt={p.name} />
                  ) : (
                    <div className="m-good-img m-good-noimg" aria-hidden="true">
                      {p.name.slice(0, 1)}
                    </div>
                  )}
                  <div className="m-good-name">{p.name}</div>
                  <div className="m-good-price">{fmt(t.mChores.points, { n: p.pointsPrice })}</div>
                  <div className={`m-hint${p.stock === 0 ? ' m-overdue' : ''}`}>
                    {p.stock === 0 ? t.mMall.soldOut : fmt(t.mMall.stock, { n: p.stock })}
                    {p.perPersonLimit !== null && ` · ${fmt(t.mMall.limit, { n: p.perPersonLimit })}`}
                  </div>
                  {canOrder && p.stock > 0 && (
                    <QuantityStepper
                      name={p.name}
                      max={max}
                      value={qty[p.id] ?? 0}
                      onChange={(v) => setQty((q) => ({ ...q, [p.id]: v }))}
                    />
                  )}
                </div>
              );
            })}
        </div>
        {canOrder && (
          <div className="m-cart">
            <div className="m-cart-total">
              {fmt(t.mMall.total, { n: total })}
              {over && <div className="m-overdue">{t.mMall.notEnough}</div>}
            </div>
            <Button color="primary" size="large" disabled={lines.length === 0 || over} loading={busy} onClick={order}>
              {t.mMall.order}
            </Button>
          </div>
        )}
      </>
    );
  return <Screen title={t.mobile.tiles.mall}>{body}</Screen>;
}

/**
 * − quantity +: two 44 px buttons named for the product (减少 洗衣液) and the number between them, read
 * out when it changes. (antd-mobile's stepper leaves its field unlabelled and puts spin-button
 * attributes on a plain box.)
 */
function QuantityStepper({
  name,
  value,
  max,
  onChange,
}: {
  name: string;
  value: number;
  max: number;
  onChange: (v: number) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="m-stepper" aria-label={fmt(t.mMall.quantityOf, { name })}>
      <button
        type="button"
        className="m-stepper-button"
        aria-label={fmt(t.mMall.decrease, { name })}
        disabled={value <= 0}
        onClick={() => onChange(Math.max(0, value - 1))}
      >
        −
      </button>
      <output className="m-stepper-value" aria-live="polite">
        {value}
      </output>
      <button
        type="button"
        className="m-stepper-button"
        aria-label={fmt(t.mMall.increase, { name })}
        disabled={value >= max}
        onClick={() => onChange(Math.min(max, value + 1))}
      >
        +
      </button>
    </fieldset>
  );
}
