import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Radio,
  Rate,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, newIdempotencyKey } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ReportDetail, ReportEventView, SimilarReport } from '../api-types';
import { PageError, SectionLoading } from '../components/page-state';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';
import { STATUS_COLORS } from './reports-page';

type Action = 'accept' | 'answer' | 'resolve' | 'escalate' | 'return' | 'reject' | 'merge';

/** One report: facts, photos, the timeline, and the actions the caller may take now (from `can`). */
export function ReportDrawer({
  reportId,
  onClose,
  onChanged,
}: {
  reportId: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const req = useRequest(
    (signal) =>
      reportId === null ? Promise.resolve(undefined) : api.get<ReportDetail>(EP.report(reportId), { signal }),
    [reportId],
  );
  const r = req.data?.id === reportId ? req.data : undefined;
  const [action, setAction] = useState<Action | null>(null);

  const handler = r && (r.can.answer || r.can.resolve || r.can.reject || r.can.escalate || r.can.return);
  const buttons: { key: Action; show: boolean; primary?: boolean; danger?: boolean }[] = r
    ? [
        { key: 'accept', show: r.can.accept, primary: true },
        { key: 'answer', show: r.can.answer, primary: !r.can.accept },
        { key: 'resolve', show: r.can.resolve },
        { key: 'escalate', show: r.can.escalate },
        { key: 'return', show: r.can.return },
        { key: 'reject', show: r.can.reject, danger: true },
        { key: 'merge', show: !!handler && r.status !== 'merged' },
      ]
    : [];

  return (
    <Drawer
      open={reportId !== null}
      onClose={onClose}
      size={760}
      rootClassName="lz-report-drawer"
      title={reportId ? fmt(t.cReports.detailTitle, { id: reportId }) : ''}
      extra={
        <Space wrap>
          {buttons
            .filter((b) => b.show)
            .map((b) => (
              <Button
                key={b.key}
                type={b.primary ? 'primary' : 'default'}
                danger={b.danger}
                onClick={() => setAction(b.key)}
              >
                {t.cReports[b.key]}
              </Button>
            ))}
        </Space>
      }
    >
      {req.error ? (
        <PageError error={req.error} onRetry={req.reload} />
      ) : !r ? (
        <SectionLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {r.can.escalate && cameBack(r) && (
            <Alert
              type="warning"
              showIcon
              title={t.cReports.returnedByDepartment}
              action={
                <Button size="small" type="primary" onClick={() => setAction('escalate')}>
                  {t.cReports.reassign}
                </Button>
              }
            />
          )}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t.cReports.description} span={2}>
              {r.description}
            </Descriptions.Item>
            <Descriptions.Item label={t.cReports.category}>{r.categoryName}</Descriptions.Item>
            <Descriptions.Item label={t.cReports.building}>{r.buildingName}</Descriptions.Item>
            <Descriptions.Item label={t.cReports.status}>
              <Space size={4}>
                <Tag color={STATUS_COLORS[r.status]}>{t.cReports.statuses[r.status]}</Tag>
                {r.isOverdue && <Tag color="error">{t.cReports.overdue}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t.cReports.handler}>
              {t.cReports.levels[r.level]} · {r.handlerName}
            </Descriptions.Item>
            <Descriptions.Item label={t.cReports.createdAt}>{formatTime(r.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t.cReports.due}>{formatTime(r.dueAt)}</Descriptions.Item>
            {r.location && (
              <Descriptions.Item label={t.cReports.location} span={2}>
                {r.location}
              </Descriptions.Item>
            )}
            {r.reporter && (
              <Descriptions.Item label={t.cReports.reporter} span={2}>
                {r.reporter.name ?? '—'} <span className="lz-masked">{r.reporter.phoneMasked ?? ''}</span>
              </Descriptions.Item>
            )}
            {r.rating !== null && (
              <Descriptions.Item label={t.cReports.rating} span={2}>
                <Rate disabled value={r.rating} />
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.photos.length > 0 && <Photos photos={r.photos} />}
          <div>
            <Typography.Title level={5}>{t.cReports.timeline}</Typography.Title>
            {/* Newest first: what happened last is what a handler reads first. */}
            <Timeline
              items={[...r.timeline]
                .reverse()
                .map((e) => ({ key: e.id, color: eventColor(e), content: <Event e={e} /> }))}
            />
          </div>
        </Space>
      )}
      {r && (
        <ActionDialog
          action={action}
          report={r}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            req.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}

/** Sent back by a department and not dispatched since: the street names the department this time. */
function cameBack(r: ReportDetail): boolean {
  const moves = r.timeline.filter((e) => e.fromLevel !== e.toLevel || e.type === 'returned');
  return r.level === 'street' && moves.at(-1)?.type === 'returned';
}

function eventColor(e: ReportEventView): string {
  if (e.type === 'escalated' || e.type === 'auto_escalated' || e.type === 'overdue' || e.type === 'returned')
    return 'red';
  if (e.type === 'resolved' || e.type === 'closed' || e.type === 'accepted') return 'green';
  return 'blue';
}

function Event({ e }: { e: ReportEventView }) {
  const { t } = useI18n();
  const events = t.cReports.events as Record<string, string>;
  return (
    <div>
      <Space size={8} wrap>
        <Typography.Text strong>{events[e.type] ?? e.type}</Typography.Text>
        <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
        {e.actorName && <Typography.Text>{e.actorName}</Typography.Text>}
        {e.fromLevel && e.fromLevel !== e.toLevel && (
          <Tag>
            {t.cReports.levels[e.fromLevel]} → {t.cReports.levels[e.toLevel]}
            {e.handlerName ? ` · ${e.handlerName}` : ''}
          </Tag>
        )}
      </Space>
      {e.note && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{e.note}</Typography.Paragraph>}
      {e.photos.length > 0 && <Photos photos={e.photos} />}
    </div>
  );
}

function Photos({ photos }: { photos: { id: number; url: string; thumbUrl: string }[] }) {
  const { t } = useI18n();
  return (
    <Image.PreviewGroup>
      <Space wrap size={8} style={{ marginTop: 4 }}>
        {photos.map((p) => (
          <Image
            key={p.id}
            width={96}
            height={72}
            style={{ objectFit: 'cover' }}
            src={p.thumbUrl}
            preview={{ src: p.url }}
            alt={`${t.cReports.photos} ${p.id}`}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

interface Department {
  id: number;
  name: string;
}

function ActionDialog({
  action,
  report,
  onClose,
  onDone,
}: {
  action: Action | null;
  report: ReportDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string; preset?: string; departmentId?: number; intoReportId?: number }>();
  const [busy, setBusy] = useState(false);
  // One key per opened dialog: a retry after a lost answer is the same action, not a second one.
  const key = useMemo(() => (action ? newIdempotencyKey() : ''), [action]);
  const departments = useRequest(
    (signal) =>
      action === 'escalate' && report.level === 'street'
        ? api.get<{ items: Department[] }>(EP.departments, { signal }).catch(() => ({ items: [] }))
        : Promise.resolve({ items: [] as Department[] }),
    [action, report.level],
  );
  // 合并重复: the open reports of the same kind in the same building, to pick from (a number can still be
  // typed when the duplicate lies elsewhere).
  const similar = useRequest(
    (signal) =>
      action === 'merge'
        ? api
            .get<{ items: SimilarReport[] }>('/reports/similar', {
              query: { buildingId: report.buildingId, categoryId: report.categoryId },
              signal,
            })
            .then((r) => r.items.filter((x) => x.id !== report.id))
            .catch(() => [] as SimilarReport[])
        : Promise.resolve([] as SimilarReport[]),
    [action, report.id, report.buildingId, report.categoryId],
  );

  const submit = async () => {
    if (!action) return;
    const v = await validated(form);
    if (!v) return;
    const text = v.text?.trim();
    const body =
      action === 'accept'
        ? { message: text || undefined }
        : action === 'answer' || action === 'resolve'
          ? { message: text }
          : action === 'escalate'
            ? { reason: text, departmentId: v.departmentId }
            : action === 'reject'
              ? { reason: text }
              : action === 'return'
                ? { reason: text ? `${v.preset}：${text}` : v.preset }
                : { intoReportId: v.intoReportId };
    setBusy(true);
    try {
      await api.post(EP.reportAction(report.id, action), body, { idempotencyKey: key });
      const done = {
        accept: t.cReports.accepted,
        answer: t.cReports.answered,
        resolve: t.cReports.resolved,
        escalate: t.cReports.escalated,
        reject: t.cReports.rejected,
        return: t.cReports.returned,
        merge: t.cReports.merged,
      } as const;
      message.success(done[action]);
      form.resetFields();
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const textRequired = action !== 'accept' && action !== 'merge' && action !== 'return';
  const textLabel =
    action === 'escalate'
      ? t.cReports.escalateReason
      : action === 'reject'
        ? t.cReports.rejectReason
        : action === 'accept'
          ? t.cReports.acceptHint
          : action === 'return'
            ? t.cReports.returnDetail
            : t.cReports.answer;
  const placeholder =
    action === 'escalate'
      ? t.cReports.escalateReasonPlaceholder
      : action === 'return'
        ? t.cReports.returnDetailPlaceholder
        : t.cReports.answerPlaceholder;
  const departmentRequired = action === 'escalate' && cameBack(report);
  // 其他 needs the words; a preset reason may stand alone.
  const preset = Form.useWatch('preset', form);

  return (
    <Modal
      open={action !== null}
      title={action ? t.cReports[action] : ''}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ loading: busy, danger: action === 'reject' || action === 'return' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {action === 'reject' && (
          <Alert type="warning" showIcon title={t.cReports.rejectWarning} style={{ marginBottom: 16 }} />
        )}
        {action === 'return' && (
          <>
            <Alert type="info" showIcon title={t.cReports.returnWarning} style={{ marginBottom: 16 }} />
            <Form.Item
              name="preset"
              label={t.cReports.returnReason}
              rules={[{ required: true, message: t.cReports.returnReasonRequired }]}
            >
              <Radio.Group
                optionType="button"
                options={Object.values(t.cReports.returnPresets).map((p) => ({ value: p, label: p }))}
              />
            </Form.Item>
          </>
        )}
        {action === 'merge' && (similar.data?.length ?? 0) > 0 ? (
          <Form.Item
            name="intoReportId"
            label={t.cReports.mergePick}
            extra={t.cReports.mergeHint}
            rules={[{ required: true, message: t.cReports.mergePickRequired }]}
          >
            <Select
              options={(similar.data ?? []).map((x) => ({
                value: x.id,
                label: fmt(t.cReports.mergeOption, {
                  id: x.id,
                  text: x.description.slice(0, 30),
                  at: formatTime(x.createdAt),
                  n: x.followerCount,
                }),
              }))}
            />
          </Form.Item>
        ) : action === 'merge' ? (
          <Form.Item
            name="intoReportId"
            label={t.cReports.mergeInto}
            extra={t.cReports.mergeNoneSimilar}
            rules={[{ required: true, message: t.cReports.idRequired }]}
          >
            <InputNumber min={1} precision={0} style={{ width: 200 }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="text"
            label={textLabel}
            dependencies={action === 'return' ? ['preset'] : []}
            rules={
              textRequired || (action === 'return' && preset === t.cReports.returnPresets.other)
                ? [
                    {
                      validator: (_, v: string | undefined) =>
                        (v ?? '').trim().length >= 2
                          ? Promise.resolve()
                          : Promise.reject(new Error(t.cReports.textRequired)),
                    },
                  ]
                : []
            }
          >
            <Input.TextArea
              rows={3}
              maxLength={action === 'answer' || action === 'resolve' ? 1000 : 500}
              showCount
              placeholder={placeholder}
            />
          </Form.Item>
        )}
        {action === 'escalate' && (departments.data?.items.length ?? 0) > 0 && (
          <Form.Item
            name="departmentId"
            label={t.cReports.department}
            extra={t.cReports.departmentHint}
            rules={departmentRequired ? [{ required: true, message: t.cReports.departmentRequired }] : []}
          >
            <Select allowClear options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
