import { Alert, Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../common/auth';
import { ScopeSelect } from '../components/scope-select';
import { useI18n } from '../i18n';
import { BoardsTab } from './boards-tab';
import { CategoriesTab } from './categories-tab';
import { Open311Tab } from './open311-tab';
import { StreetSettingsTab } from './street-settings-tab';

const TABS = ['street', 'categories', 'open311', 'boards'] as const;
type Tab = (typeof TABS)[number];

/**
 * 设置: what a street office (and an admin) configures — the mall's window, a point's value and the adjustment
 * threshold, review delegation, Open311 keys — plus the report categories' time limits (admins) and printing
 * the stairwell boards (community staff too). Each tab shows only to the roles its API lets in.
 */
export default function SettingsPage() {
  const { t } = useI18n();
  const s = t.settings;
  const { user, hasRole } = useAuth();
  const [params, setParams] = useSearchParams();
  const own = user?.roles.find((r) => r.orgKind === 'street' && (r.role === 'street_staff' || r.role === 'admin'));
  const [streetId, setStreetId] = useState<number | undefined>(own?.orgUnitId);
  const streetStaff = hasRole('street_staff', 'admin');
  const shown: Tab[] = TABS.filter((k) =>
    k === 'boards'
      ? hasRole('community_staff', 'street_staff', 'admin')
      : k === 'categories'
        ? hasRole('admin')
        : streetStaff,
  );
  const tab: Tab = shown.find((x) => x === params.get('tab')) ?? shown[0] ?? 'boards';

  const streetPicker = (
    <Space>
      <label htmlFor="lz-settings-street">{s.street}</label>
      <ScopeSelect id="lz-settings-street" value={streetId} onChange={setStreetId} placeholder={s.pickStreet} />
    </Space>
  );
  const needsStreet = (node: React.ReactNode) => (
    <>
      {!own && <div style={{ marginBottom: 16 }}>{streetPicker}</div>}
      {streetId ? node : <Alert type="info" showIcon title={s.pickStreet} />}
    </>
  );

  const children: Record<Tab, React.ReactNode> = {
    street: needsStreet(<StreetSettingsTab key={streetId} streetId={streetId as number} />),
    categories: <CategoriesTab />,
    open311: needsStreet(<Open311Tab key={streetId} streetId={streetId as number} />),
    boards: <BoardsTab />,
  };

  return (
    <>
      <div className="lz-page-header">
        <h1>{s.title}</h1>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          destroyOnHidden
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={shown.map((k) => ({ key: k, label: s.tabs[k], children: children[k] }))}
        />
      </Card>
    </>
  );
}
