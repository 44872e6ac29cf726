import { type AgreementView, PROJECT_CATEGORIES } from '@louzhang/contracts';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { FormModal } from '../components/form-modal';
import { ScopeSelect } from '../components/scope-select';
import { useAction } from '../components/use-action';
import { label, useI18n } from '../i18n';

type Day = { format(f: string): string };

/** 共建协议: the partners' agreements, and a new one (staff). */
export function AgreementsTab({ staff }: { staff: boolean }) {
  const { t } = useI18n();
  const list = useRequest((signal) => api.get<{ items: AgreementView[] }>('/partner-agreements', { signal }), []);
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  const run = useAction(t.cPartners.saved, list.reload);
  return (
    <Card
      extra={
        <Space>
          <ExportButton path="/partner-agreements/export" query={{}} fileName={`${t.lists.sheets.agreements}.xlsx`} />
          {staff && <Button onClick={() => setCreating(true)}>{t.cPartners.newAgreement}</Button>}
        </Space>
      }
    >
      <Table<AgreementView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t.cPartners.partner, dataIndex: 'partnerName', key: 'p' },
          { title: t.cPartners.agreementTitle, dataIndex: 'title', key: 't' },
          { title: t.cPartners.services, dataIndex: 'services', key: 's' },
          { title: t.cPartners.beneficiaries, dataIndex: 'beneficiaries', key: 'b' },
          { title: t.cPartners.area, dataIndex: 'scopeName', key: 'a' },
          {
            title: t.cPartners.categories,
            key: 'c',
            render: (_, g) => g.categories.map((c) => label(t.projectCategories, c)).join('、'),
          },
          { title: t.cPartners.period, key: 'd', render: (_, g) => `${g.startsOn} ~ ${g.endsOn}` },
        ]}
      />
      <FormModal
        open={creating}
        title={t.cPartners.newAgreement}
        form={form}
        onCancel={() => setCreating(false)}
        onFinish={async (v: { startsOn: Day; endsOn: Day } & Record<string, unknown>) => {
          const ok = await run(() =>
            api.create('/partner-agreements', {
              ...v,
              startsOn: v.startsOn.format('YYYY-MM-DD'),
              endsOn: v.endsOn.format('YYYY-MM-DD'),
            }),
          );
          if (ok) setCreating(false);
        }}
      >
        <Form.Item name="partnerOrgId" label={t.cPartners.partner} rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} />
        </Form.Item>
        <Form.Item name="scopeOrgUnitId" label={t.cPartners.area} rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} />
        </Form.Item>
        <Form.Item name="title" label={t.cPartners.agreementTitle} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="services" label={t.cPartners.services} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="beneficiaries" label={t.cPartners.beneficiaries} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="categories" label={t.cPartners.categories} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={PROJECT_CATEGORIES.map((c) => ({ value: c, label: label(t.projectCategories, c) }))}
          />
        </Form.Item>
        <Space>
          <Form.Item name="startsOn" label={t.cPartners.startsOn} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="endsOn" label={t.cPartners.endsOn} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
      </FormModal>
    </Card>
  );
}
