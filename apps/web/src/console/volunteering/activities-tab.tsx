import {
  ACTIVITY_KINDS,
  ACTIVITY_PERIODS,
  ACTIVITY_SORTS,
  type ActivityPeriod,
  type ActivitySort,
  type ActivityView,
  type TeamView,
} from '@louzhang/contracts';
import { Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import { useRequest } from '../../common/use-request';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { Filter, SearchFilter, SelectFilter } from '../components/filter';
import { FormModal } from '../components/form-modal';
import { ScopeSelect } from '../components/scope-select';
import { useAction } from '../components/use-action';
import { EP } from '../endpoints';
import { label, useI18n } from '../i18n';
import { AttendanceDrawer } from './attendance-drawer';
import { when } from './when';

type Day = { toISOString(): string };

/**
 * 志愿活动: the activities of the caller's jurisdiction — searched by title, place or organiser, filtered by
 * status, period and unit, sorted on the server, counted and exported (filters in the URL).
 */
export function ActivitiesTab() {
  const { t } = useI18n();
  const l = t.lists.activities;
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('orgUnitId') ? Number(params.get('orgUnitId')) : undefined;
  const status = (params.get('status') as ActivityView['status'] | null) ?? undefined;
  const period = (params.get('period') as ActivityPeriod | null) ?? undefined;
  const q = params.get('q') ?? '';
  const sort = (params.get('sort') as ActivitySort | null) ?? 'latest';
  const [draftQ, setDraftQ] = useState(q);
  useEffect(() => setDraftQ(q), [q]);
  const filters = { orgUnitId, status, period, q: q || undefined, sort };
  const list = useCursorPages<ActivityView>(EP.activities, filters);
  const setFilter = (key: string, value: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
    setParams(next, { replace: true });
  };
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<ActivityView | null>(null);
  const columns: ColumnsType<ActivityView> = [
    { title: t.cVolunteer.startsAt, key: 'startsAt', width: 120, render: (_, a) => when(a.startsAt) },
    { title: t.cVolunteer.kind, key: 'kind', width: 100, render: (_, a) => label(t.activityKinds, a.kind) },
    { title: t.cVolunteer.activityTitle, dataIndex: 'title', key: 'title' },
    { title: t.cVolunteer.organiser, key: 'org', render: (_, a) => a.teamName ?? a.partnerName ?? a.orgUnitName },
    {
      title: t.cVolunteer.place,
      key: 'place',
      render: (_, a) => (
        <>
          {a.place}
          {a.status === 'cancelled' && (
            <Tag color="red" style={{ marginLeft: 8 }}>
              {t.cVolunteer.cancelled}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t.cVolunteer.signedUp,
      key: 'n',
      width: 110,
      render: (_, a) => `${a.confirmed}/${a.capacity}${a.waitlisted ? ` +${a.waitlisted}` : ''}`,
    },
    {
      title: '',
      key: 'open',
      width: 100,
      render: (_, a) =>
        a.canManage && (
          <Button size="small" type="link" onClick={() => setOpen(a)} data-testid={`attendance-${a.id}`}>
            {t.cVolunteer.attendance}
          </Button>
        ),
    },
  ];
  return (
    <Card
      extra={
        <Space>
          <ExportButton path={`${EP.activities}/export`} query={filters} fileName={`${l.sheet}.xlsx`} />
          <Button type="primary" onClick={() => setCreating(true)}>
            {t.cVolunteer.newActivity}
          </Button>
        </Space>
      }
    >
      <div className="lz-filters">
        <SearchFilter
          label={t.lists.keyword}
          id="activities-q"
          width={280}
          draft={draftQ}
          onDraft={setDraftQ}
          onSearch={(v) => setFilter('q', v.trim())}
          placeholder={l.searchPlaceholder}
          button={t.common.search}
        />
        <SelectFilter<ActivityView['status']>
          label={l.status}
          id="activities-status"
          width={110}
          all={t.common.all}
          value={status}
          onChange={(v) => setFilter('status', v)}
          values={['published', 'cancelled']}
          labels={l.statuses}
        />
        <SelectFilter<ActivityPeriod>
          label={l.period}
          id="activities-period"
          width={110}
          all={t.common.all}
          value={period}
          onChange={(v) => setFilter('period', v)}
          values={ACTIVITY_PERIODS}
          labels={l.periods}
        />
        <Filter label={t.lists.scope} id="activities-scope">
          <ScopeSelect
            id="activities-scope"
            value={orgUnitId}
            placeholder={t.cVolunteer.unit}
            onChange={(v) => setFilter('orgUnitId', v)}
            width={200}
          />
        </Filter>
        <SelectFilter<ActivitySort>
          label={t.lists.sort}
          id="activities-sort"
          width={200}
          value={sort}
          onChange={(v) => setFilter('sort', v === 'latest' ? undefined : v)}
          values={ACTIVITY_SORTS}
          labels={l.sorts}
        />
      </div>
      <CursorTable<ActivityView> rowKey="id" size="small" list={list} columns={columns} />
      <NewActivity open={creating} onClose={() => setCreating(false)} onCreated={list.reload} />
      {/* Mounted per activity: each opens with its own list, no search or filters. */}
      {open && <AttendanceDrawer key={open.id} activity={open} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </Card>
  );
}

/** 新建活动: the dialog (the team among the caller's teams, roles as words). */
function NewActivity({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useI18n();
  const teams = useRequest((signal) => api.get<{ items: TeamView[] }>('/volunteer-teams', { signal }), []);
  const [form] = Form.useForm();
  const run = useAction(t.cVolunteer.saved, onCreated);
  return (
    <FormModal
      open={open}
      title={t.cVolunteer.newActivity}
      form={form}
      onCancel={onClose}
      initialValues={{ kind: 'clinic', capacity: 20, points: 0 }}
      onFinish={async (v: { startsAt: Day; endsAt: Day; roles?: string } & Record<string, unknown>) => {
        const ok = await run(() =>
          api.create('/activities', {
            ...v,
            startsAt: v.startsAt.toISOString(),
            endsAt: v.endsAt.toISOString(),
            roles: (v.roles ?? '').split(/[,，、\s]+/).filter(Boolean),
            ...(v.teamId ? {} : { teamId: undefined }),
          }),
        );
        if (ok) onClose();
      }}
    >
      <Form.Item name="orgUnitId" label={t.cVolunteer.unit} rules={[{ required: true }]}>
        <ScopeSelect value={undefined} onChange={() => undefined} />
      </Form.Item>
      <Form.Item name="teamId" label={t.cVolunteer.team}>
        <Select allowClear options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
      </Form.Item>
      <Space>
        <Form.Item name="kind" label={t.cVolunteer.kind}>
          <Select
            style={{ width: 140 }}
            options={ACTIVITY_KINDS.map((k) => ({ value: k, label: label(t.activityKinds, k) }))}
          />
        </Form.Item>
        <Form.Item name="capacity" label={t.cVolunteer.capacity}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item name="points" label={t.cVolunteer.points}>
          <InputNumber min={0} max={200} />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t.cVolunteer.activityTitle} rules={[{ required: true, max: 60 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="place" label={t.cVolunteer.place} rules={[{ required: true, max: 80 }]}>
        <Input />
      </Form.Item>
      <Space>
        <Form.Item name="startsAt" label={t.cVolunteer.startsAt} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="endsAt" label={t.cVolunteer.endsAt} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Space>
      <Form.Item name="roles" label={t.cVolunteer.roles}>
        <Input placeholder={t.cVolunteer.rolesHint} />
      </Form.Item>
      <Form.Item name="description" label={t.cVolunteer.description}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}
