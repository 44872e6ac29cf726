import type { AccountView, Role } from '@louzhang/contracts';
import { ROLES } from '@louzhang/contracts';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { normalisePhone } from '../../common/phone';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';

interface RoleForm {
  name?: string;
  phone?: string;
  role: Role;
  orgUnitId: number;
  reason?: string;
}

/** 用户与权限: accounts in my granting scope; create staff, grant and revoke roles, disable, reset codes. */
export default function AccountsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [phone, setPhone] = useState('');
  const [query, setQuery] = useState<{ orgUnitId?: number; phone?: string }>({});
  const [dialog, setDialog] = useState<{ mode: 'create' } | { mode: 'grant'; account: AccountView } | null>(null);
  const [form] = Form.useForm<RoleForm>();
  const list = useRequest(
    (signal) => api.get<{ items: AccountView[] }>(EP.accounts, { query, signal }),
    [JSON.stringify(query)],
  );

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      list.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    await act(async () => {
      if (dialog?.mode === 'create') {
        await api.post(EP.accounts, {
          name: v.name,
          phone: normalisePhone(v.phone ?? ''),
          role: v.role,
          orgUnitId: v.orgUnitId,
        });
      } else if (dialog?.mode === 'grant') {
        await api.post(EP.accountBindings(dialog.account.id), {
          role: v.role,
          orgUnitId: v.orgUnitId,
          reason: v.reason || undefined,
        });
      }
      setDialog(null);
      form.resetFields();
    }, t.accounts.saved);
  };

  if (list.error) return <PageError error={list.error} onRetry={list.reload} />;
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.accounts.title}</h1>
        <Button type="primary" onClick={() => setDialog({ mode: 'create' })}>
          {t.accounts.create}
        </Button>
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <ScopeSelect value={orgUnitId} onChange={setOrgUnitId} />
          <Input
            placeholder={t.accounts.findByPhone}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            style={{ width: 200 }}
            aria-label={t.accounts.findByPhone}
          />
          <Button
            onClick={() => setQuery(phone.trim() ? { phone: normalisePhone(phone) } : orgUnitId ? { orgUnitId } : {})}
          >
            {t.accounts.search}
          </Button>
          <ExportButton path={`${EP.accounts}/export`} query={query} fileName={`${t.lists.sheets.accounts}.xlsx`} />
        </Space>
        <Table<AccountView>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t.accounts.name, dataIndex: 'name', width: 140 },
            { title: t.accounts.phone, dataIndex: 'phoneMasked', width: 140, className: 'lz-masked' },
            {
              title: t.accounts.roles,
              key: 'roles',
              render: (_, a) => (
                <Space size={[4, 4]} wrap>
                  {a.roles.map((r) => (
                    <Tag
                      key={r.bindingId}
                      closable
                      onClose={(e) => {
                        e.preventDefault();
                        const reason = window.prompt(t.accounts.revokeReason);
                        if (reason)
                          void act(() => api.post(EP.accountRevoke(a.id, r.bindingId), { reason }), t.accounts.saved);
                      }}
                    >
                      {t.roles[r.role]} · {r.orgUnitName}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t.accounts.state,
              key: 'state',
              width: 90,
              render: (_, a) =>
                a.disabled ? <Tag color="red">{t.accounts.disabled}</Tag> : <Tag>{t.accounts.active}</Tag>,
            },
            {
              title: t.accounts.actions,
              key: 'actions',
              width: 320,
              render: (_, a) => (
                <Space wrap>
                  <Button size="small" onClick={() => setDialog({ mode: 'grant', account: a })}>
                    {t.accounts.grant}
                  </Button>
                  {a.disabled ? (
                    <Button size="small" onClick={() => act(() => api.post(EP.accountEnable(a.id)), t.accounts.saved)}>
                      {t.accounts.enable}
                    </Button>
                  ) : (
                    <Popconfirm
                      title={t.accounts.disableConfirm}
                      onConfirm={() =>
                        act(
                          () => api.post(EP.accountDisable(a.id), { reason: t.accounts.disableReason }),
                          t.accounts.saved,
                        )
                      }
                    >
                      <Button size="small" danger>
                        {t.accounts.disable}
                      </Button>
                    </Popconfirm>
                  )}
                  <Button size="small" onClick={() => act(() => api.post(EP.accountReset(a.id)), t.accounts.resetSent)}>
                    {t.accounts.reset}
                  </Button>
                  <Popconfirm
                    title={t.accounts.totpResetConfirm}
                    onConfirm={() => act(() => api.post(EP.accountSecondFactorReset(a.id)), t.accounts.totpResetDone)}
                  >
                    <Button size="small">{t.accounts.totpReset}</Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={dialog?.mode === 'create' ? t.accounts.create : `${t.accounts.grant} · ${dialog?.account.name ?? ''}`}
        onCancel={() => setDialog(null)}
        onOk={submit}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.mode === 'create' && (
            <>
              <Form.Item name="name" label={t.accounts.name} rules={[{ required: true, max: 40 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="phone" label={t.accounts.phone} rules={[{ required: true }]}>
                <Input inputMode="tel" />
              </Form.Item>
            </>
          )}
          <Form.Item name="role" label={t.accounts.role} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t.roles[r] }))} />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t.accounts.orgUnit} rules={[{ required: true }]}>
            <ScopeSelect value={undefined} onChange={() => {}} />
          </Form.Item>
          {dialog?.mode === 'grant' && (
            <Form.Item name="reason" label={t.accounts.reason}>
              <Input maxLength={200} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
