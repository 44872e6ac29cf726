import { Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { validated } from '../components/validated';
import { fmt, useI18n } from '../i18n';

/** The server's limit on a rejection reason (BatchReviewRequest.reason). */
const MAX_REASON = 200;

/**
 * The reason a captain reads: the preset reasons picked (照片不清晰, 未完成 …) and the free text, joined
 * with "；", in the order shown. Empty when nothing was given.
 */
export function composeReason(presets: readonly string[], text: string | undefined): string {
  return [...presets, (text ?? '').trim()].filter((x) => x.length > 0).join('；');
}

/**
 * Asks for the reason of a rejection: preset reasons to tick, free text to add (2–200 characters in
 * all); resolves onSubmit's promise before closing. The captain sees exactly the text previewed.
 */
export function RejectDialog({
  open,
  title,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title?: string;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ presets?: string[]; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const presets = Object.values(t.cReviews.presets);
  const picked = Form.useWatch('presets', form) ?? [];
  const text = Form.useWatch('reason', form);
  // In the order shown, whatever order they were ticked in.
  const ordered = presets.filter((p) => picked.includes(p));
  const reason = composeReason(ordered, text);
  return (
    <Modal
      open={open}
      title={title ?? t.cReviews.rejectTitle}
      okText={t.cReviews.reject}
      okButtonProps={{ danger: true, loading: busy }}
      onCancel={onCancel}
      destroyOnHidden
      onOk={async () => {
        const v = await validated(form);
        if (!v) return;
        setBusy(true);
        try {
          await onSubmit(composeReason(ordered, v.reason));
          form.resetFields();
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="presets" label={t.cReviews.presetLabel}>
          <Checkbox.Group options={presets.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t.cReviews.moreReason}
          dependencies={['presets']}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const now = form.getFieldValue('presets') as string[] | undefined;
                const all = composeReason(
                  presets.filter((p) => now?.includes(p)),
                  v,
                );
                return all.length >= 2 && all.length <= MAX_REASON
                  ? Promise.resolve()
                  : Promise.reject(new Error(t.cReviews.reasonRequired));
              },
            },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={Math.max(0, MAX_REASON - ordered.join('；').length - (ordered.length ? 1 : 0))}
            showCount
            placeholder={t.cReviews.rejectPlaceholder}
          />
        </Form.Item>
        {reason && (
          <Typography.Paragraph type="secondary" data-testid="reject-reason-preview">
            {fmt(t.cReviews.reasonPreview, { reason })}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
