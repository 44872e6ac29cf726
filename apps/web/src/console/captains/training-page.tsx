import {
  type CaptainView,
  type MentorshipList,
  SESSION_TOPICS,
  type SessionList,
  type SessionView,
} from '@louzhang/contracts';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage, getPage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { ScopeSelect } from '../components/scope-select';
import { label, useI18n } from '../i18n';

type Day = { format(f: string): string };

/** 培训与带教: trainings and captains' meetings with attendance, and 老带新 pairings. */
export default function TrainingPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const sessions = useRequest((signal) => api.get<SessionList>('/captain-sessions', { signal }), []);
  const pairs = useRequest((signal) => api.get<MentorshipList>('/captain-mentorships', { signal }), []);
  const captains = useRequest((signal) => getPage<CaptainView>('/captains', {}, null, 200, signal), []);
  const options = (captains.data?.items ?? []).map((c) => ({ value: c.userId, label: c.name }));
  const [creating, setCreating] = useState(false);
  const [attending, setAttending] = useState<SessionView | null>(null);
  const [present, setPresent] = useState<number[]>([]);
  const [form] = Form.useForm();
  const [pairForm] = Form.useForm();

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t.cTraining.saved);
      sessions.reload();
      pairs.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };

  const columns: ColumnsType<SessionView> = [
    { title: t.cTraining.heldOn, dataIndex: 'heldOn', key: 'heldOn', width: 110 },
    { title: t.cTraining.kind, key: 'kind', width: 80, render: (_, s) => label(t.cTraining.kinds, s.kind) },
    { title: t.cTraining.topic, dataIndex: 'topic', key: 'topic', width: 80 },
    { title: t.cTraining.sessionTitle, dataIndex: 'title', key: 'title' },
    { title: t.cTraining.hours, dataIndex: 'hours', key: 'hours', width: 70, align: 'right' },
    { title: t.cTraining.attendees, dataIndex: 'attendees', key: 'attendees', width: 90, align: 'right' },
    {
      title: '',
      key: 'attend',
      width: 90,
      render: (_, s) => (
        <Button size="small" type="link" onClick={() => setAttending(s)}>
          {t.cTraining.attendance}
        </Button>
      ),
    },
  ];

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cTraining.title}</h1>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t.cTraining.newSession}
        </Button>
      </div>
      <Card
        title={t.cTraining.sessions}
        extra={<ExportButton path="/captain-sessions/export" query={{}} fileName={`${t.lists.sheets.sessions}.xlsx`} />}
      >
        <Table<SessionView>
          rowKey="id"
          size="small"
          loading={sessions.loading}
          dataSource={sessions.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 20 }}
        />
      </Card>
      <Card
        title={t.cTraining.mentorships}
        style={{ marginTop: 16 }}
        extra={
          <ExportButton path="/captain-mentorships/export" query={{}} fileName={`${t.lists.sheets.mentorships}.xlsx`} />
        }
      >
        <Form
          form={pairForm}
          layout="inline"
          style={{ marginBottom: 16 }}
          onFinish={(v: { mentorUserId: number; menteeUserId: number; notes: string; startedOn: Day }) =>
            run(() => api.create('/captain-mentorships', { ...v, startedOn: v.startedOn.format('YYYY-MM-DD') })).then(
              (ok) => ok && pairForm.resetFields(),
            )
          }
        >
          <Form.Item name="mentorUserId" rules={[{ required: true }]}>
            <Select
              placeholder={t.cTraining.mentor}
              aria-label={t.cTraining.mentor}
              options={options}
              style={{ width: 140 }}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item name="menteeUserId" rules={[{ required: true }]}>
            <Select
              placeholder={t.cTraining.mentee}
              aria-label={t.cTraining.mentee}
              options={options}
              style={{ width: 140 }}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
          <Form.Item name="notes" rules={[{ required: true }]}>
            <Input
              placeholder={t.cTraining.notes}
              aria-label={t.cTraining.notes}
              maxLength={500}
              style={{ width: 260 }}
            />
          </Form.Item>
          <Form.Item name="startedOn" rules={[{ required: true }]}>
            <DatePicker placeholder={t.cTraining.startedOn} aria-label={t.cTraining.startedOn} />
          </Form.Item>
          <Button htmlType="submit">{t.cTraining.newPair}</Button>
        </Form>
        <Table
          rowKey="id"
          size="small"
          dataSource={pairs.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t.cTraining.mentor, dataIndex: 'mentorName', key: 'mentor' },
            { title: t.cTraining.mentee, dataIndex: 'menteeName', key: 'mentee' },
            { title: t.cTraining.notes, dataIndex: 'notes', key: 'notes' },
            { title: t.cTraining.startedOn, dataIndex: 'startedOn', key: 'startedOn', width: 110 },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t.cTraining.newSession}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'training', topic: '消防', hours: 2, certifies: false }}
          onFinish={async (v: { heldOn: Day } & Record<string, unknown>) => {
            if (await run(() => api.create('/captain-sessions', { ...v, heldOn: v.heldOn.format('YYYY-MM-DD') }))) {
              setCreating(false);
            }
          }}
        >
          <Form.Item name="orgUnitId" label={t.cLife.unit} rules={[{ required: true }]}>
            <ScopeSelect value={undefined} onChange={() => undefined} />
          </Form.Item>
          <Space>
            <Form.Item name="kind" label={t.cTraining.kind}>
              <Select
                style={{ width: 120 }}
                options={(['training', 'meeting'] as const).map((k) => ({ value: k, label: t.cTraining.kinds[k] }))}
              />
            </Form.Item>
            <Form.Item name="topic" label={t.cTraining.topic}>
              <Select style={{ width: 120 }} options={SESSION_TOPICS.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t.cTraining.sessionTitle} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="heldOn" label={t.cTraining.heldOn} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="hours" label={t.cTraining.hours}>
              <InputNumber min={0.5} max={100} step={0.5} />
            </Form.Item>
            <Form.Item name="certifies" label={t.cTraining.certifies} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <Modal
        open={attending !== null}
        title={`${t.cTraining.attendance} · ${attending?.title ?? ''}`}
        onCancel={() => setAttending(null)}
        onOk={async () => {
          if (await run(() => api.post(`/captain-sessions/${attending?.id}/attendance`, { userIds: present }))) {
            setAttending(null);
            setPresent([]);
          }
        }}
        destroyOnHidden
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          placeholder={t.cTraining.pickCaptains}
          aria-label={t.cTraining.pickCaptains}
          options={options}
          value={present}
          onChange={setPresent}
          optionFilterProp="label"
        />
      </Modal>
    </>
  );
}
