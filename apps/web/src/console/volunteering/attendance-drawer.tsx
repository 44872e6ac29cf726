import {
  type ActivityView,
  SIGNUP_ATTENDANCES,
  SIGNUP_SORTS,
  SIGNUP_STATUSES,
  type SignupRowView,
  type SignupSort,
} from '@louzhang/contracts';
import { Button, Drawer, Input, InputNumber, Modal, Space, Tag } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { api } from '../../common/api';
import { useCursorPages } from '../../common/use-cursor-pages';
import { useRequest } from '../../common/use-request';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { SearchFilter, SelectFilter } from '../components/filter';
import { useAction } from '../components/use-action';
import { EP } from '../endpoints';
import { fmt, useI18n } from '../i18n';
import { when } from './when';

type Attendance = (typeof SIGNUP_ATTENDANCES)[number];
type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/**
 * One activity's sign-ups: its check-in QR, people served, capacity and cancelling while it has not
 * started, and the list searched, filtered, sorted and exported, marking presence and confirming hours.
 */
export function AttendanceDrawer({
  activity,
  onClose,
  onChanged,
}: {
  activity: ActivityView;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
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
  const changeable = activity.status === 'published' && new Date(activity.startsAt).getTime() > Date.now();
  const run = useAction(t.cVolunteer.saved, () => {
    signups.reload();
    onChanged();
  });
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
      <CancelActivity
        id={id}
        open={cancelling}
        onClose={() => setCancelling(false)}
        onCancelled={() => {
          onChanged();
          onClose();
        }}
      />
      <div className="lz-filters">
        <SearchFilter
          label={t.lists.keyword}
          id="signups-q"
          width={240}
          draft={draftSq}
          onDraft={setDraftSq}
          onSearch={(v) => setSq(v.trim() || undefined)}
          placeholder={l.searchPlaceholder}
          button={t.common.search}
        />
        <SelectFilter<SignupStatus>
          label={l.status}
          id="signups-status"
          width={100}
          all={t.common.all}
          value={sStatus}
          onChange={setSStatus}
          values={SIGNUP_STATUSES}
          labels={l.statuses}
        />
        <SelectFilter<Attendance>
          label={l.attendance}
          id="signups-attendance"
          width={120}
          all={t.common.all}
          value={attendance}
          onChange={setAttendance}
          values={SIGNUP_ATTENDANCES}
          labels={l.attendances}
        />
        <SelectFilter<SignupSort>
          label={t.lists.sort}
          id="signups-sort"
          width={200}
          value={sSort}
          onChange={(v) => v && setSSort(v)}
          values={SIGNUP_SORTS}
          labels={l.sorts}
        />
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

/** 取消活动: the dialog that asks the reason the volunteers are told. */
function CancelActivity({
  id,
  open,
  onClose,
  onCancelled,
}: {
  id: number;
  open: boolean;
  onClose: () => void;
  onCancelled: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const run = useAction(t.cVolunteer.activityCancelled, () => {
    onClose();
    setReason('');
    onCancelled();
  });
  return (
    <Modal
      open={open}
      title={t.cVolunteer.cancelActivity}
      onCancel={onClose}
      okButtonProps={{ danger: true, disabled: !reason.trim() }}
      onOk={() => run(() => api.post(`/activities/${id}/cancel`, { reason: reason.trim() }))}
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
  );
}
