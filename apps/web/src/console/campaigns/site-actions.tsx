import type { SiteView } from '@louzhang/contracts';
import { App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';

type Dialog = 'assign' | 'clear' | 'notClearable' | null;

/** What the caller may do to a site now: assign (staff), accept (报到, the department), clear or mark not clearable (the assignee). */
export function SiteActions({ site, onChanged }: { site: SiteView; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      message.success(t.cCampaigns.done);
      setDialog(null);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={0} wrap>
      {site.can.assign && (
        <Button type="link" size="small" onClick={() => setDialog('assign')}>
          {t.cCampaigns.assign}
        </Button>
      )}
      {site.can.accept && (
        <Button
          type="link"
          size="small"
          loading={busy}
          onClick={() => run(() => api.post(EP.siteAction(site.id, 'accept')))}
        >
          {t.cCampaigns.accept}
        </Button>
      )}
      {site.can.clear && (
        <>
          <Button type="link" size="small" onClick={() => setDialog('clear')}>
            {t.cCampaigns.clear}
          </Button>
          <Button type="link" size="small" danger onClick={() => setDialog('notClearable')}>
            {t.cCampaigns.markNotClearable}
          </Button>
        </>
      )}
      {dialog === 'assign' && (
        <AssignDialog
          site={site}
          busy={busy}
          onCancel={() => setDialog(null)}
          onSubmit={(body) => run(() => api.post(EP.siteAction(site.id, 'assign'), body))}
        />
      )}
      {dialog === 'clear' && (
        <ClearDialog
          busy={busy}
          onCancel={() => setDialog(null)}
          onSubmit={(body) => run(() => api.post(EP.siteAction(site.id, 'clear'), body))}
        />
      )}
      {dialog === 'notClearable' && (
        <ReasonDialog
          busy={busy}
          onCancel={() => setDialog(null)}
          onSubmit={(reason) => run(() => api.post(EP.siteAction(site.id, 'not-clearable'), { reason }))}
        />
      )}
    </Space>
  );
}

function AssignDialog({
  site,
  busy,
  onCancel,
  onSubmit,
}: {
  site: SiteView;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (body: { departmentId?: number; userId?: number }) => void;
}) {
  const { t } = useI18n();
  const [to, setTo] = useState<'department' | 'person'>('department');
  const [value, setValue] = useState<number | undefined>();
  const who = useRequest(
    (signal) =>
      api.get<{
        departments: { id: number; name: string }[];
        people: { userId: number; name: string; role: string }[];
      }>(EP.siteAssignees(site.id), { signal }),
    [site.id],
  );
  const options =
    to === 'department'
      ? (who.data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))
      : (who.data?.people ?? []).map((p) => ({
          value: p.userId,
          label: `${p.name}（${t.roles[p.role as 'captain'] ?? p.role}）`,
        }));
  return (
    <Modal
      open
      title={`${t.cCampaigns.assign} #${site.id}`}
      onCancel={onCancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: value === undefined }}
      onOk={() => onSubmit(to === 'department' ? { departmentId: value } : { userId: value })}
    >
      <Form layout="vertical">
        <Form.Item label={t.cCampaigns.assignTo}>
          <Radio.Group
            value={to}
            onChange={(e) => {
              setTo(e.target.value);
              setValue(undefined);
            }}
          >
            <Radio value="department">{t.cCampaigns.department}</Radio>
            <Radio value="person">{t.cCampaigns.person}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={to === 'department' ? t.cCampaigns.department : t.cCampaigns.person}>
          <Select value={value} onChange={setValue} options={options} loading={who.loading} data-testid="assign-to" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ClearDialog({
  busy,
  onCancel,
  onSubmit,
}: {
  busy: boolean;
  onCancel: () => void;
  onSubmit: (body: { afterPhotoId: number; note?: string }) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [photoId, setPhotoId] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  const [note, setNote] = useState('');
  async function upload(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name || 'after.jpg');
      setPhotoId((await api.post<{ id: number }>('/photos', form)).id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setUploading(false);
    }
  }
  return (
    <Modal
      open
      title={t.cCampaigns.clear}
      onCancel={onCancel}
      confirmLoading={busy || uploading}
      onOk={() => {
        if (photoId === null) message.error(t.cCampaigns.afterPhotoRequired);
        else onSubmit({ afterPhotoId: photoId, note: note || undefined });
      }}
    >
      <Form layout="vertical">
        <Form.Item label={t.cCampaigns.afterPhoto} required htmlFor="site-after-photo">
          <input
            id="site-after-photo"
            type="file"
            accept="image/*"
            data-testid="after-photo"
            onChange={(e) => upload(e.target.files?.[0])}
          />
          {photoId !== null && <img src={EP.photo(photoId, true)} alt="" height={60} style={{ marginTop: 8 }} />}
        </Form.Item>
        <Form.Item label={t.cCampaigns.closeNote} htmlFor="site-close-note">
          <Input.TextArea
            id="site-close-note"
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReasonDialog({
  busy,
  onCancel,
  onSubmit,
}: {
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t.cCampaigns.markNotClearable}
      onCancel={onCancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: reason.trim().length < 2 }}
      onOk={() => onSubmit(reason.trim())}
    >
      <Form layout="vertical">
        <Form.Item label={t.cCampaigns.reason} required htmlFor="site-reason">
          <Input.TextArea
            id="site-reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
