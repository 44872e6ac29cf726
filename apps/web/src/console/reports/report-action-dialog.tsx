import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useMemo, useState } from 'react';
import { api, errorMessage, newIdempotencyKey } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ReportDetail, SimilarReport } from '../api-types';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';

/** What a handler can do to a report from the drawer, each in this dialog. */
export type Action = 'accept' | 'answer' | 'resolve' | 'escalate' | 'return' | 'reject' | 'merge';

/** Sent back by a department and not dispatched since: the street names the department this time. */
export function cameBack(r: ReportDetail): boolean {
  const moves = r.timeline.filter((e) => e.fromLevel !== e.toLevel || e.type === 'returned');
  return r.level === 'street' && moves.at(-1)?.type === 'returned';
}

interface Department {
  id: number;
  name: string;
}

/** The dialog of one action on a report: its fields, the call (one Idempotency-Key per opened dialog), the outcome. */
export function ActionDialog({
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
