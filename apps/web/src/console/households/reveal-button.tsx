import { EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { fmt, useI18n } from '../i18n';

type Field = 'phone' | 'idNumber';

/**
 * Shows a masked value with a 查看 button. Opening the full value needs a stated purpose; the server
 * checks the role and writes the audit row (docs/rules.md#personal-data). The full value lives only in this dialog.
 */
export function RevealButton({
  residentId,
  field,
  masked,
}: {
  residentId: number;
  field: Field;
  masked: string | null;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const [form] = Form.useForm<{ purpose: string }>();
  const fieldName = field === 'phone' ? t.households.phone : t.households.idNumber;

  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;

  const close = () => {
    setOpen(false);
    setValue(undefined);
    form.resetFields();
  };

  const submit = async ({ purpose }: { purpose: string }) => {
    setBusy(true);
    try {
      const r = await api.post<{ value: string | null }>(`/residents/${residentId}/reveal`, {
        field,
        purpose: purpose.trim(),
      });
      setValue(r.value);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space size={4}>
        <span className="lz-masked">{masked}</span>
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(true)}>
          {t.households.reveal}
        </Button>
      </Space>
      <Modal
        open={open}
        title={fmt(t.households.revealTitle, { field: fieldName })}
        onCancel={close}
        destroyOnHidden
        footer={
          value === undefined
            ? [
                <Button key="cancel" onClick={close}>
                  {t.common.cancel}
                </Button>,
                <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()}>
                  {t.households.reveal}
                </Button>,
              ]
            : [
                <Button key="close" type="primary" onClick={close}>
                  {t.common.close}
                </Button>,
              ]
        }
      >
        {value === undefined ? (
          <>
            <Alert type="warning" showIcon title={t.households.revealNotice} style={{ marginBottom: 16 }} />
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item
                name="purpose"
                label={t.households.revealPurpose}
                rules={[{ required: true, min: 2, whitespace: true, message: t.households.revealPurposeRequired }]}
              >
                <Input.TextArea
                  maxLength={100}
                  showCount
                  autoSize={{ minRows: 2, maxRows: 4 }}
                  placeholder={t.households.revealPurposePlaceholder}
                />
              </Form.Item>
              <Space wrap>
                {Object.values(t.households.revealPurposes).map((p) => (
                  <Tag.CheckableTag
                    key={p}
                    checked={false}
                    onChange={() => form.setFieldsValue({ purpose: p })}
                    style={{ border: '1px solid #d9d9d9' }}
                  >
                    {p}
                  </Tag.CheckableTag>
                ))}
              </Space>
            </Form>
          </>
        ) : (
          <div>
            <Typography.Text type="secondary">{fmt(t.households.revealResult, { field: fieldName })}</Typography.Text>
            <Typography.Title level={3} style={{ marginTop: 8 }} copyable={value ? { text: value } : false}>
              {value ?? t.households.revealEmpty}
            </Typography.Title>
          </div>
        )}
      </Modal>
    </>
  );
}
