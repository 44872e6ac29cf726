import { Card, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { SectionLoading } from '../components/page-state';
import { OrdersTab } from './orders-tab';
import { ProductsTab } from './products-tab';
import { WindowsTab } from './windows-tab';

const VerifyTab = lazy(() => import('./verify-tab'));

const TABS = ['products', 'windows', 'orders', 'verify'] as const;
type Tab = (typeof TABS)[number];

/** 积分商城: products with stock, redemption windows, orders, and pick-up verification. */
export default function MallPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'products';
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cMall.title}</h1>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          destroyOnHidden
          onChange={(k) => setParams(k === 'products' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'products', label: t.cMall.products, children: <ProductsTab /> },
            { key: 'windows', label: t.cMall.windows, children: <WindowsTab /> },
            { key: 'orders', label: t.cMall.orders, children: <OrdersTab /> },
            {
              key: 'verify',
              label: t.cMall.verify,
              children: (
                <Suspense fallback={<SectionLoading />}>
                  <VerifyTab />
                </Suspense>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
