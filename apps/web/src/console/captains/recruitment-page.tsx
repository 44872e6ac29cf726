import type { ApplicationList, ApplicationView, DriveList, DriveView } from '@louzhang/contracts';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { fmt, label, useI18n } from '../i18n';

interface DriveForm {
  orgUnitId: number;
  title: string;
  area?: string;
  buildingIds?: string;
  requirements: string;
  places: number;
  deadline: { format(f: string): string };
}

const STATUS_COLOR: Record<string, string> = {
  awaiting_consent: 'default',
  applied: 'blue',
  vetted: 'geekblue',
  chosen: 'green',
  registered: 'success',
  rejected: 'red',
};

/** 楼长招募: drives with their counts, applications, vetting, choice within the places and registration. */
export default function RecruitmentPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<DriveForm>();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const drives = useRequest((signal) => api.get<DriveList>('/recruitment/drives', { signal }), []);
  const driveId = params.get('drive') ? Number(params.get('drive')) : undefined;

  // The 招募 shortcut from coverage: ?buildingId=…&orgUnitId=… opens the form for that building.
  useEffect(() => {
    const b = params.get('buildingId');
    if (b) {
      setCreating(true);
      form.setFieldsValue({
        buildingIds: b,
        orgUnitId: params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined,
        places: 1,
        title: params.get('name') ? `${params.get('name')}楼长招募` : undefined,
      });
    }
  }, [params, form]);

  async function create(v: DriveForm) {
    setBusy(true);
    try {
      const d = await api.create<DriveView>('/recruitment/drives', {
        orgUnitId: v.orgUnitId,
        title: v.title,
        area: v.area || undefined,
        buildingIds: (v.buildingIds ?? '')
          .split(/[,，\s]+/)
          .filter(Boolean)
          .map(Number),
        requirements: v.requirements,
        places: v.places,
        deadline: v.deadline.format('YYYY-MM-DD'),
      });
      message.success(t.cLife.done);
      setCreating(false);
      form.resetFields();
      drives.reload();
      setParams({ drive: String(d.id) });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const columns: ColumnsType<DriveView> = [
    {
      title: t.cLife.driveTitle,
      key: 'title',
      render: (_, d) => (
        <Button type="link" onClick={() => setParams({ drive: String(d.id) })}>
          {d.title}
        </Button>
      ),
    },
    { title: t.cLife.unit, dataIndex: 'orgUnitName', key: 'unit', width: 140 },
    { title: t.cLife.places, dataIndex: 'places', key: 'places', width: 70, align: 'right' },
    { title: t.cLife.deadline, dataIndex: 'deadline', key: 'deadline', width: 110 },
    {
      title: t.cLife.status,
      key: 'open',
      width: 80,
      render: (_, d) => <Tag color={d.isOpen ? 'green' : 'default'}>{d.isOpen ? t.cLife.open : t.cLife.closed}</Tag>,
    },
    {
      title: t.cLife.applications,
      key: 'counts',
      render: (_, d) => fmt(t.cLife.counts, d.counts),
    },
    {
      title: t.cLife.publicLink,
      key: 'link',
      width: 110,
      render: (_, d) => (
        <a href={`/m/recruit/${d.id}`} target="_blank" rel="noreferrer">
          {t.cLife.publicLink}
        </a>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cLife.recruitment}</h1>
        <Space>
          <ExportButton path="/recruitment/drives/export" query={{}} fileName={`${t.lists.sheets.drives}.xlsx`} />
          <Button type="primary" onClick={() => setCreating(true)}>
            {t.cLife.newDrive}
          </Button>
        </Space>
      </div>
      <Card>
        <Table<DriveView>
          rowKey="id"
          size="small"
          loading={drives.loading}
          dataSource={drives.data?.items ?? []}
          columns={columns}
          pagination={false}
        />
      </Card>
      {driveId !== undefined && (
        <Applications
          driveId={driveId}
          drive={drives.data?.items.find((d) => d.id === driveId)}
          onChanged={drives.reload}
        />
      )}
      <Modal
        open={creating}
        title={t.cLife.newDrive}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ places: 1 }}>
          <Form.Item name="orgUnitId" label={t.cLife.unit} rules={[{ required: true }]}>
            <ScopeSelect value={undefined} onChange={() => undefined} />
          </Form.Item>
          <Form.Item name="title" label={t.cLife.driveTitle} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="area" label={t.cLife.area}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="buildingIds" label={t.cLife.buildingsWanted}>
            <Input placeholder="101, 102" />
          </Form.Item>
          <Form.Item name="requirements" label={t.cLife.requirements} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Space>
            <Form.Item name="places" label={t.cLife.places} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} />
            </Form.Item>
            <Form.Item name="deadline" label={t.cLife.deadline} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function Applications({ driveId, drive, onChanged }: { driveId: number; drive?: DriveView; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useRequest(
    (signal) => api.get<ApplicationList>(`/recruitment/drives/${driveId}/applications`, { signal }),
    [driveId],
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [vetting, setVetting] = useState<ApplicationView | null>(null);
  const [registering, setRegistering] = useState<ApplicationView | null>(null);
  const [vetForm] = Form.useForm<{ score: number; vetNote?: string; interviewedOn?: { format(f: string): string } }>();
  const [regForm] = Form.useForm<{ buildingIds: number[] }>();

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t.cLife.done);
      list.reload();
      onChanged();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };

  const columns: ColumnsType<ApplicationView> = [
    { title: t.cLife.applicant, dataIndex: 'name', key: 'name', width: 100 },
    { title: '', dataIndex: 'phoneMasked', key: 'phone', width: 120, className: 'lz-masked' },
    { title: t.cLife.kind, key: 'kind', width: 80, render: (_, a) => label(t.cLife.kinds, a.kind) },
    { title: t.cLife.statement, dataIndex: 'statement', key: 'statement', ellipsis: true },
    { title: t.cLife.score, dataIndex: 'score', key: 'score', width: 70, align: 'right', render: (n) => n ?? '—' },
    {
      title: t.cLife.status,
      key: 'status',
      width: 100,
      render: (_, a) => <Tag color={STATUS_COLOR[a.status]}>{label(t.cLife.statuses, a.status)}</Tag>,
    },
    {
      title: '',
      key: 'actions',
      width: 230,
      render: (_, a) => (
        <Space size={0}>
          {(a.status === 'applied' || a.status === 'vetted') && (
            <Button type="link" size="small" onClick={() => setVetting(a)}>
              {t.cLife.vet}
            </Button>
          )}
          {a.status === 'chosen' && (
            <Button type="link" size="small" onClick={() => setRegistering(a)}>
              {t.cLife.register}
            </Button>
          )}
          {a.status !== 'registered' && a.status !== 'rejected' && (
            <Button
              type="link"
              size="small"
              danger
              onClick={() => {
                let reason = '';
                Modal.confirm({
                  title: t.cLife.reject,
                  content: (
                    <Input
                      placeholder={t.cLife.rejectReason}
                      aria-label={t.cLife.rejectReason}
                      onChange={(e) => (reason = e.target.value)}
                    />
                  ),
                  onOk: () => run(() => api.post(`/recruitment/applications/${a.id}/reject`, { reason })),
                });
              }}
            >
              {t.cLife.reject}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const c = list.data?.counts;
  return (
    <Card
      style={{ marginTop: 16 }}
      title={`${drive?.title ?? ''} · ${t.cLife.applications}`}
      extra={
        <Space>
          {c && <span data-testid="drive-counts">{fmt(t.cLife.counts, c)}</span>}
          <ExportButton
            path={`/recruitment/drives/${driveId}/applications/export`}
            query={{}}
            fileName={`${drive?.title ?? ''}${t.lists.sheets.applications}.xlsx`}
          />
          <Button
            type="primary"
            disabled={selected.length === 0}
            onClick={async () => {
              if (await run(() => api.post(`/recruitment/drives/${driveId}/choose`, { applicationIds: selected }))) {
                setSelected([]);
              }
            }}
          >
            {fmt(t.cLife.choose, { n: selected.length })}
          </Button>
        </Space>
      }
    >
      <Table<ApplicationView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 50 }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (a) => ({ disabled: a.status !== 'vetted' }),
        }}
      />
      <Modal
        open={vetting !== null}
        title={`${t.cLife.vet} · ${vetting?.name ?? ''}`}
        onCancel={() => setVetting(null)}
        onOk={() => vetForm.submit()}
        destroyOnHidden
      >
        <Form
          form={vetForm}
          layout="vertical"
          onFinish={async (v) => {
            const ok = await run(() =>
              api.post(`/recruitment/applications/${vetting?.id}/vet`, {
                score: v.score,
                vetNote: v.vetNote || undefined,
                interviewedOn: v.interviewedOn?.format('YYYY-MM-DD'),
              }),
            );
            if (ok) setVetting(null);
          }}
        >
          <Form.Item name="score" label={t.cLife.score} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="interviewedOn" label={t.cLife.interviewedOn}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="vetNote" label={t.cLife.vetNote}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={registering !== null}
        title={`${t.cLife.register} · ${registering?.name ?? ''}`}
        onCancel={() => setRegistering(null)}
        onOk={() => regForm.submit()}
        destroyOnHidden
      >
        <Form
          form={regForm}
          layout="vertical"
          initialValues={{ buildingIds: registering?.buildingId ? [registering.buildingId] : [] }}
          onFinish={async (v) => {
            const ok = await run(() =>
              api.post(`/recruitment/applications/${registering?.id}/register`, {
                buildingIds: v.buildingIds.map(Number),
              }),
            );
            if (ok) setRegistering(null);
          }}
        >
          <Form.Item name="buildingIds" label={t.cLife.registerBuildings} rules={[{ required: true }]}>
            <Select mode="tags" options={(drive?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
