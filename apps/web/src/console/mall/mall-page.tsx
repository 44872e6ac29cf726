import { Card, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import { SectionLoading } from '../components/page-state';
import { useI18n } from '../i18n';
import { OrdersTab } from './orders-tab';
import { ProductsTab } from './products-tab';
import { ReportTab } from './report-tab';

const VerifyTab = lazy(() => import('./verify-tab'));

const TABS = ['products', 'orders', 'verify', 'report'] as const;
type Tab = (typeof TABS)[number];

/** 积分商城: goods with stock and this month's window, orders, pick-up verification, stock and spend. */
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
            { key: 'report', label: t.cMall.report, children: <ReportTab /> },
          ]}
        />
      </Card>
    </>
  );
}
