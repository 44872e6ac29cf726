import type { ProjectDetail, ProjectView } from '@louzhang/contracts';
import { App, Button, Card, Drawer, Image, Input, InputNumber, Rate, Space, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { useAction } from '../components/use-action';
import { label, useI18n } from '../i18n';

/** A project's status as a coloured tag. */
export function statusTag(t: ReturnType<typeof useI18n>['t'], s: ProjectView['status']) {
  const color = { published: 'blue', claimed: 'orange', submitted: 'purple', accepted: 'green' }[s];
  return <Tag color={color}>{label(t.cPartners.statuses, s)}</Tag>;
}

/** One project: claiming it, its milestones, progress reports with photos, acceptance and residents' feedback. */
export function ProjectDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const p = useRequest(
    (signal) => (id ? api.get<ProjectDetail>(`/livelihood-projects/${id}`, { signal }) : Promise.resolve(undefined)),
    [id],
  );
  const [photos, setPhotos] = useState<number[]>([]);
  const [body, setBody] = useState('');
  const [percent, setPercent] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const run = useAction(t.cPartners.saved, () => {
    p.reload();
    onChanged();
  });
  const upload = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const form = new FormData();
      form.append('file', file, file.name || 'progress.jpg');
      try {
        const { id: photoId } = await api.post<{ id: number }>('/photos', form);
        setPhotos((x) => [...x, photoId]);
      } catch (e) {
        message.error(errorMessage(e));
      }
    }
  };
  const d = p.data;
  return (
    <Drawer open={id !== null} onClose={onClose} width={720} title={d?.title}>
      {d && (
        <>
          <p>
            {statusTag(t, d.status)} {label(t.projectCategories, d.category)} · {d.orgUnitName}
            {d.partnerName ? ` · ${d.partnerName}` : ''} · {d.percent}%
          </p>
          <p>{d.description}</p>
          {d.canClaim && (
            <Button
              type="primary"
              data-testid="claim"
              onClick={() => run(() => api.post(`/livelihood-projects/${d.id}/claim`, {}))}
            >
              {t.cPartners.claim}
            </Button>
          )}
          <h3>{t.cPartners.milestones}</h3>
          <ul>
            {d.milestones.map((m) => (
              <li key={m.id}>
                {m.title} {m.doneAt ? <Tag color="green">{t.cPartners.done}</Tag> : null}
                {!m.doneAt && d.canReport && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => run(() => api.post(`/project-milestones/${m.id}/done`))}
                  >
                    {t.cPartners.markDone}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <h3>{t.cPartners.progress}</h3>
          {d.progress.map((r) => (
            <Card key={r.id} size="small" style={{ marginBottom: 8 }}>
              <div>
                {r.percent}% · {r.authorName} · {new Date(r.createdAt).toLocaleDateString('zh-CN')}
              </div>
              <div>{r.body}</div>
              <Space>
                {r.photos.map((ph) => (
                  <Image
                    key={ph.id}
                    width={96}
                    src={ph.thumbUrl}
                    alt={t.cPartners.progress}
                    preview={{ src: ph.url }}
                  />
                ))}
              </Space>
            </Card>
          ))}
          {d.canReport && (
            <Card size="small" title={t.cPartners.report} data-testid="progress-form">
              <Input.TextArea
                rows={2}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                placeholder={t.cPartners.reportHint}
                data-testid="progress-body"
              />
              <Space style={{ marginTop: 8 }}>
                <InputNumber
                  min={0}
                  max={100}
                  value={percent}
                  onChange={setPercent}
                  addonAfter="%"
                  aria-label={t.cPartners.percent}
                  data-testid="progress-percent"
                />
                <input
                  type="file"
                  accept="image/*"
                  multiple
                  aria-label={t.cPartners.progress}
                  data-testid="progress-photos"
                  onChange={(e) => upload(e.target.files)}
                />
                <span>{photos.length ? `${photos.length} ${t.cPartners.photos}` : ''}</span>
              </Space>
              <Space style={{ marginTop: 8 }}>
                <Button
                  type="primary"
                  data-testid="send-progress"
                  onClick={async () => {
                    if (
                      await run(() =>
                        api.create(`/livelihood-projects/${d.id}/progress`, {
                          body,
                          percent: percent ?? 0,
                          photoIds: photos,
                        }),
                      )
                    ) {
                      setBody('');
                      setPhotos([]);
                    }
                  }}
                >
                  {t.cPartners.send}
                </Button>
                <Button
                  data-testid="submit-project"
                  onClick={() => run(() => api.post(`/livelihood-projects/${d.id}/submit`))}
                >
                  {t.cPartners.submit}
                </Button>
              </Space>
            </Card>
          )}
          {d.canAccept && (
            <Space style={{ marginTop: 12 }}>
              <Input
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t.cPartners.acceptNote}
                style={{ width: 280 }}
              />
              <Button
                type="primary"
                data-testid="accept-project"
                onClick={() => run(() => api.post(`/livelihood-projects/${d.id}/accept`, note ? { note } : {}))}
              >
                {t.cPartners.accept}
              </Button>
            </Space>
          )}
          <h3 style={{ marginTop: 16 }}>{t.cPartners.feedback}</h3>
          {d.feedback.length === 0 && <p>—</p>}
          {d.feedback.map((f) => (
            <p key={f.id}>
              <Rate disabled value={f.rating} /> {f.userName}：{f.comment}
            </p>
          ))}
        </>
      )}
    </Drawer>
  );
}
