import {
  ACTIVITY_KINDS,
  ACTIVITY_PERIODS,
  ACTIVITY_SORTS,
  type ActivityPeriod,
  type ActivitySort,
  type ActivityView,
  type DiaryEntryView,
  SIGNUP_ATTENDANCES,
  SIGNUP_SORTS,
  SIGNUP_STATUSES,
  type SignupRowView,
  type SignupSort,
  TEAM_SPECIALITIES,
  type TeamView,
  type VolunteerFigures,
  type VolunteerView,
} from '@louzhang/contracts';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import { useRequest } from '../../common/use-request';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { Filter } from '../components/filter';
import { ScopeSelect } from '../components/scope-select';
import { EP } from '../endpoints';
import { fmt, label, useI18n } from '../i18n';

type Day = { toISOString(): string };
const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/** 志愿服务: activities with attendance and hours, teams, and figures. */
export default function VolunteeringPage() {
  const { t } = useI18n();
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cVolunteer.title}</h1>
      </div>
      <Tabs
        items={[
          { key: 'activities', label: t.cVolunteer.activities, children: <ActivitiesTab /> },
          { key: 'teams', label: t.cVolunteer.teams, children: <TeamsTab /> },
          { key: 'figures', label: t.cVolunteer.figures, children: <FiguresTab /> },
          { key: 'diary', label: t.cVolunteer.diary, children: <DiaryTab /> },
        ]}
      />
    </>
  );
}

type Attendance = (typeof SIGNUP_ATTENDANCES)[number];
type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/**
 * 志愿活动: the activities of the caller's jurisdiction — searched by title, place or organiser, filtered by
 * status, period and unit, sorted on the server, counted and exported (filters in the URL).
 */
function ActivitiesTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
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
  const teams = useRequest((signal) => api.get<{ items: TeamView[] }>('/volunteer-teams', { signal }), []);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<ActivityView | null>(null);
  const [form] = Form.useForm();
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
        <Filter label={t.lists.keyword} id="activities-q">
          <Input.Search
            id="activities-q"
            value={draftQ}
            onChange={(e) => setDraftQ(e.target.value)}
            onSearch={(v) => setFilter('q', v.trim())}
            placeholder={l.searchPlaceholder}
            enterButton={t.common.search}
            maxLength={40}
            style={{ width: 280 }}
          />
        </Filter>
        <Filter label={l.status} id="activities-status">
          <Select<ActivityView['status']>
            id="activities-status"
            allowClear
            style={{ width: 110 }}
            placeholder={t.common.all}
            value={status}
            onChange={(v) => setFilter('status', v)}
            options={(['published', 'cancelled'] as const).map((v) => ({ value: v, label: l.statuses[v] }))}
          />
        </Filter>
        <Filter label={l.period} id="activities-period">
          <Select<ActivityPeriod>
            id="activities-period"
            allowClear
            style={{ width: 110 }}
            placeholder={t.common.all}
            value={period}
            onChange={(v) => setFilter('period', v)}
            options={ACTIVITY_PERIODS.map((v) => ({ value: v, label: l.periods[v] }))}
          />
        </Filter>
        <Filter label={t.lists.scope} id="activities-scope">
          <ScopeSelect
            id="activities-scope"
            value={orgUnitId}
            placeholder={t.cVolunteer.unit}
            onChange={(v) => setFilter('orgUnitId', v)}
            width={200}
          />
        </Filter>
        <Filter label={t.lists.sort} id="activities-sort">
          <Select<ActivitySort>
            id="activities-sort"
            style={{ width: 200 }}
            value={sort}
            onChange={(v) => setFilter('sort', v === 'latest' ? undefined : v)}
            options={ACTIVITY_SORTS.map((v) => ({ value: v, label: l.sorts[v] }))}
          />
        </Filter>
      </div>
      <CursorTable<ActivityView> rowKey="id" size="small" list={list} columns={columns} />
      <Modal
        open={creating}
        title={t.cVolunteer.newActivity}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'clinic', capacity: 20, points: 0 }}
          onFinish={async (v: { startsAt: Day; endsAt: Day; roles?: string } & Record<string, unknown>) => {
            try {
              await api.create('/activities', {
                ...v,
                startsAt: v.startsAt.toISOString(),
                endsAt: v.endsAt.toISOString(),
                roles: (v.roles ?? '').split(/[,，、\s]+/).filter(Boolean),
                ...(v.teamId ? {} : { teamId: undefined }),
              });
              message.success(t.cVolunteer.saved);
              setCreating(false);
              list.reload();
            } catch (e) {
              message.error(errorMessage(e));
            }
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
        </Form>
      </Modal>
      {/* Mounted per activity: each opens with its own list, no search or filters. */}
      {open && <AttendanceDrawer key={open.id} activity={open} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </Card>
  );
}

function AttendanceDrawer({
  activity,
  onClose,
  onChanged,
}: {
  activity: ActivityView;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const id = activity.id;
  const l = t.lists.signups;
  const [sq, setSq] = useState<string | undefined>();
  const [draftSq, setDraftSq] = useState('');
  const [sStatus, setSStatus] = useState<SignupStatus | undefined>();
  const [attendance, setAttendance] = useState<Attendance | undefined>();
  const [sSort, setSSort] = useState<SignupSort>('signup');
  const signupFilters = { q: sq, status: sStatus, attendance, sort: sSort };
  const signups = useCursorPages<SignupRowView>(EP.activitySignups(id), signupFilters, 50);
  const qr = useRequest(
    (signal) =>
      id ? api.get<{ url: string }>(`/activities/${id}/checkin-qr`, { signal }) : Promise.resolve(undefined),
    [id],
  );
  const [served, setServed] = useState<number | null>(null);
  const [capacity, setCapacity] = useState<number | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const changeable = activity.status === 'published' && new Date(activity.startsAt).getTime() > Date.now();
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t.cVolunteer.saved);
      signups.reload();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const link = qr.data ? `${window.location.origin}/m${qr.data.url.replace(/^\/m/, '')}` : '';
  const [qrImage, setQrImage] = useState<string | null>(null);
  useEffect(() => {
    if (link) toDataURL(link, { margin: 2, width: 220 }).then(setQrImage, () => setQrImage(null));
    else setQrImage(null);
  }, [link]);
  return (
    <Drawer open onClose={onClose} width={760} title={activity.title}>
      {qrImage && <img src={qrImage} alt={t.cVolunteer.qrLink} width={160} height={160} data-testid="checkin-qr" />}
      <p>
        {t.cVolunteer.qrLink}： {/* An address to copy, not words to translate. */}
        <a href={link} target="_blank" rel="noreferrer" data-testid="checkin-link" translate="no">
          {link}
        </a>
      </p>
      <Space style={{ marginBottom: 12 }}>
        <InputNumber
          min={0}
          placeholder={t.cVolunteer.served}
          value={served ?? activity.servedCount ?? null}
          onChange={(v) => setServed(v)}
        />
        <Button
          onClick={() => served !== null && run(() => api.post(`/activities/${id}/served`, { servedCount: served }))}
        >
          {t.cVolunteer.saveServed}
        </Button>
      </Space>
      {changeable && (
        <Space style={{ marginBottom: 12 }} wrap>
          <InputNumber
            min={1}
            max={1000}
            aria-label={t.cVolunteer.capacity}
            value={capacity ?? activity.capacity ?? null}
            onChange={(v) => setCapacity(v)}
          />
          <Button onClick={() => capacity !== null && run(() => api.patch(`/activities/${id}`, { capacity }))}>
            {t.cVolunteer.changeCapacity}
          </Button>
          <Button danger onClick={() => setCancelling(true)} data-testid="cancel-activity">
            {t.cVolunteer.cancelActivity}
          </Button>
        </Space>
      )}
      <Modal
        open={cancelling}
        title={t.cVolunteer.cancelActivity}
        onCancel={() => setCancelling(false)}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        onOk={async () => {
          try {
            await api.post(`/activities/${id}/cancel`, { reason: reason.trim() });
            message.success(t.cVolunteer.activityCancelled);
            setCancelling(false);
            setReason('');
            onChanged();
            onClose();
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        <label htmlFor="cancel-reason">{t.cVolunteer.cancelReason}</label>
        <Input.TextArea
          id="cancel-reason"
          rows={2}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <div className="lz-filters">
        <Filter label={t.lists.keyword} id="signups-q">
          <Input.Search
            id="signups-q"
            value={draftSq}
            onChange={(e) => setDraftSq(e.target.value)}
            onSearch={(v) => setSq(v.trim() || undefined)}
            placeholder={l.searchPlaceholder}
            enterButton={t.common.search}
            maxLength={40}
            style={{ width: 240 }}
          />
        </Filter>
        <Filter label={l.status} id="signups-status">
          <Select<SignupStatus>
            id="signups-status"
            allowClear
            style={{ width: 100 }}
            placeholder={t.common.all}
            value={sStatus}
            onChange={setSStatus}
            options={SIGNUP_STATUSES.map((v) => ({ value: v, label: l.statuses[v] }))}
          />
        </Filter>
        <Filter label={l.attendance} id="signups-attendance">
          <Select<Attendance>
            id="signups-attendance"
            allowClear
            style={{ width: 120 }}
            placeholder={t.common.all}
            value={attendance}
            onChange={setAttendance}
            options={SIGNUP_ATTENDANCES.map((v) => ({ value: v, label: l.attendances[v] }))}
          />
        </Filter>
        <Filter label={t.lists.sort} id="signups-sort">
          <Select<SignupSort>
            id="signups-sort"
            style={{ width: 200 }}
            value={sSort}
            onChange={setSSort}
            options={SIGNUP_SORTS.map((v) => ({ value: v, label: l.sorts[v] }))}
          />
        </Filter>
        <ExportButton path={`${EP.activitySignups(id)}/export`} query={signupFilters} fileName={`${l.sheet}.xlsx`} />
      </div>
      <CursorTable<SignupRowView>
        rowKey="id"
        size="small"
        list={signups}
        columns={[
          { title: t.cVolunteer.volunteer, dataIndex: 'volunteerName', key: 'name' },
          { title: t.cVolunteer.phone, dataIndex: 'phoneMasked', key: 'phone', width: 130, className: 'lz-masked' },
          { title: t.cVolunteer.role, key: 'role', render: (_, s) => s.role ?? '—' },
          {
            title: t.cVolunteer.status,
            key: 'status',
            render: (_, s) =>
              s.status === 'waitlisted' ? (
                <Tag>{fmt(t.cVolunteer.waitlisted, { n: s.waitlistPosition ?? 0 })}</Tag>
              ) : s.checkedInAt ? (
                <Tag color="green">
                  {t.cVolunteer.present} {when(s.checkedInAt)}
                  {s.checkedOutAt ? ` – ${when(s.checkedOutAt)}` : ''}
                </Tag>
              ) : (
                <Tag color="blue">{t.cVolunteer.confirmed}</Tag>
              ),
          },
          { title: t.cVolunteer.hours, key: 'hours', render: (_, s) => (s.hours === null ? '—' : s.hours) },
          {
            title: '',
            key: 'act',
            render: (_, s) => (
              <Space>
                {s.status === 'confirmed' && !s.checkedInAt && (
                  <Button size="small" onClick={() => run(() => api.post(`/activity-signups/${s.id}/attendance`, {}))}>
                    {t.cVolunteer.markPresent}
                  </Button>
                )}
                {s.checkedInAt && s.hours === null && (
                  <Button
                    size="small"
                    type="primary"
                    data-testid={`confirm-hours-${s.id}`}
                    onClick={() => run(() => api.post(`/activity-signups/${s.id}/confirm-hours`, {}))}
                  >
                    {t.cVolunteer.confirmHours}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Drawer>
  );
}

function TeamsTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const teams = useRequest((signal) => api.get<{ items: TeamView[] }>('/volunteer-teams', { signal }), []);
  const volunteers = useRequest((signal) => api.get<{ items: VolunteerView[] }>('/volunteers', { signal }), []);
  const options = (volunteers.data?.items ?? []).map((v) => ({
    value: v.id,
    label: `${v.name}（${v.communityName}）`,
  }));
  const [form] = Form.useForm();
  const [adding, setAdding] = useState<TeamView | null>(null);
  const [member, setMember] = useState<number | undefined>();
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t.cVolunteer.saved);
      teams.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  return (
    <Card>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v) => run(() => api.create('/volunteer-teams', v)).then((ok) => ok && form.resetFields())}
      >
        <Form.Item name="orgUnitId" rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} width={200} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, max: 40 }]}>
          <Input placeholder={t.cVolunteer.teamName} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="speciality" rules={[{ required: true }]}>
          <Select
            placeholder={t.cVolunteer.speciality}
            style={{ width: 140 }}
            options={TEAM_SPECIALITIES.map((s) => ({ value: s, label: label(t.teamSpecialities, s) }))}
          />
        </Form.Item>
        <Form.Item name="leaderVolunteerId">
          <Select
            placeholder={t.cVolunteer.leader}
            style={{ width: 160 }}
            options={options}
            showSearch
            optionFilterProp="label"
            allowClear
          />
        </Form.Item>
        <Button htmlType="submit">{t.cVolunteer.newTeam}</Button>
      </Form>
      <Table<TeamView>
        rowKey="id"
        size="small"
        loading={teams.loading}
        dataSource={teams.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t.cVolunteer.teamName, dataIndex: 'name', key: 'name' },
          { title: t.cVolunteer.speciality, key: 'sp', render: (_, x) => label(t.teamSpecialities, x.speciality) },
          { title: t.cVolunteer.unit, dataIndex: 'orgUnitName', key: 'unit' },
          { title: t.cVolunteer.leader, key: 'leader', render: (_, x) => x.leader?.name ?? '—' },
          { title: t.cVolunteer.members, dataIndex: 'memberCount', key: 'n', width: 80 },
          {
            title: '',
            key: 'add',
            width: 100,
            render: (_, x) => (
              <Button size="small" type="link" onClick={() => setAdding(x)}>
                {t.cVolunteer.addMember}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={adding !== null}
        title={`${t.cVolunteer.addMember} · ${adding?.name ?? ''}`}
        onCancel={() => setAdding(null)}
        onOk={async () => {
          if (member && (await run(() => api.post(`/volunteer-teams/${adding?.id}/members`, { volunteerId: member }))))
            setAdding(null);
        }}
        destroyOnHidden
      >
        <Select
          style={{ width: '100%' }}
          options={options}
          value={member}
          onChange={setMember}
          showSearch
          optionFilterProp="label"
        />
      </Modal>
    </Card>
  );
}

function FiguresTab() {
  const { t } = useI18n();
  const [unit, setUnit] = useState<number | undefined>();
  const figures = useRequest(
    (signal) =>
      unit
        ? api.get<VolunteerFigures>('/volunteer-figures', { signal, query: { orgUnitId: unit } })
        : Promise.resolve(undefined),
    [unit],
  );
  const f = figures.data;
  return (
    <Card>
      <ScopeSelect value={unit} onChange={setUnit} placeholder={t.cVolunteer.unit} />
      {f && (
        <Space size={48} style={{ marginTop: 24 }} wrap data-testid="volunteer-figures">
          <Statistic title={t.cVolunteer.sessions} value={f.sessions} />
          <Statistic title={t.cVolunteer.peopleServed} value={f.peopleServed} />
          <Statistic title={t.cVolunteer.volunteerHours} value={f.volunteerHours} />
          <Statistic title={t.cVolunteer.volunteers} value={f.volunteers} />
          <Statistic title={t.cVolunteer.share} value={(f.volunteerShare * 100).toFixed(1)} suffix="%" />
          <Statistic title={t.cVolunteer.teams} value={f.teams} />
        </Space>
      )}
    </Card>
  );
}

type Party = { name: string; phone: string | null; role: string | null };

/** 志愿日记: entries under the caller (和事佬 records), parties masked; opening them takes a reason and is audited. */
function DiaryTab() {
  const { t } = useI18n();
  const d = t.diary;
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<{ items: DiaryEntryView[] }>('/volunteer-diary', { signal }), []);
  const [revealing, setRevealing] = useState<DiaryEntryView | null>(null);
  const [purpose, setPurpose] = useState('');
  const [full, setFull] = useState<Party[] | null>(null);
  const partyText = (ps: Party[]) => ps.map((p) => [p.name, p.phone, p.role].filter(Boolean).join(' ')).join('；');
  return (
    <Card>
      <Table<DiaryEntryView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (e) => (
            <Space direction="vertical">
              <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.body}</p>
              <Space wrap>
                {e.photoIds.map((id) => (
                  <a key={id} href={`/api/v1/photos/${id}`} target="_blank" rel="noreferrer">
                    <img src={`/api/v1/photos/${id}?thumb=1`} alt={d.photos} height={64} />
                  </a>
                ))}
              </Space>
            </Space>
          ),
        }}
        columns={[
          { title: d.occurredOn, dataIndex: 'occurredOn', key: 'on', width: 110 },
          { title: d.kind, key: 'kind', width: 110, render: (_, e) => label(d.kinds, e.kind) },
          { title: d.entryTitle, dataIndex: 'title', key: 'title' },
          {
            title: d.author,
            key: 'who',
            render: (_, e) => (e.teamName ? `${e.volunteerName}（${e.teamName}）` : e.volunteerName),
          },
          { title: d.parties, key: 'parties', render: (_, e) => partyText(e.parties) || '—' },
          {
            title: '',
            key: 'reveal',
            width: 150,
            render: (_, e) =>
              e.parties.length > 0 && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    setRevealing(e);
                    setFull(null);
                    setPurpose('');
                  }}
                >
                  {d.reveal}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={revealing !== null}
        title={full ? d.revealed : d.reveal}
        onCancel={() => setRevealing(null)}
        okButtonProps={{ disabled: full !== null || purpose.trim().length < 2 }}
        onOk={async () => {
          try {
            const r = await api.post<{ parties: Party[] }>(`/volunteer-diary/${revealing?.id}/reveal`, {
              purpose: purpose.trim(),
            });
            setFull(r.parties);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        {full ? (
          <ul data-testid="diary-parties-full">
            {full.map((p) => (
              <li key={`${p.name}${p.phone}`}>{[p.name, p.phone, p.role].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        ) : (
          <>
            <label htmlFor="diary-purpose">{d.purpose}</label>
            <Input id="diary-purpose" value={purpose} maxLength={100} onChange={(e) => setPurpose(e.target.value)} />
          </>
        )}
      </Modal>
    </Card>
  );
}
