import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { validated } from '../components/validated';

/** Asks for the reason of a rejection (2–200 characters); resolves onSubmit's promise before closing. */
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
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
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
        const { reason } = v;
        setBusy(true);
        try {
          await onSubmit(reason.trim());
          form.resetFields();
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t.cReviews.rejectTitle}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                (v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t.cReviews.reasonRequired)),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount placeholder={t.cReviews.rejectPlaceholder} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
