import { MessageOutlined, MobileOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import { errorMessage, isApiError } from '../../shared/api';
import { requestSmsCode, useAuth } from '../../shared/auth';
import { fmt, useI18n } from '../../shared/i18n';
import { normalisePhone } from '../../shared/phone';

interface Values {
  phone: string;
  code: string;
  totpCode?: string;
}

const MOBILE = /^1[3-9]\d{9}$/;

/** The console's second way in: phone number and a one-time code by SMS. */
export function SmsLoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const { loginWithCode } = useAuth();
  const [form] = Form.useForm<Values>();
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // The street requires a second factor: the same SMS code goes again with the authenticator's code.
  const [needTotp, setNeedTotp] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const send = async () => {
    setFailure(null);
    try {
      const { phone } = await form.validateFields(['phone']);
      setWait(await requestSmsCode(normalisePhone(phone)));
    } catch (e) {
      if (isApiError(e)) {
        if (e.status === 429) setWait(60);
        setFailure(errorMessage(e));
      }
    }
  };

  const onFinish = async (v: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      await loginWithCode(normalisePhone(v.phone), v.code, v.totpCode || undefined);
      onSignedIn();
    } catch (e) {
      if (isApiError(e, 'TOTP_REQUIRED')) setNeedTotp(true);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item
        name="phone"
        label={t.login.phone}
        rules={[
          { required: true, message: t.login.phoneRequired },
          {
            validator: async (_, v: string) =>
              !v || MOBILE.test(normalisePhone(v)) ? undefined : Promise.reject(t.sms.mobileOnly),
          },
        ]}
      >
        <Input prefix={<MobileOutlined />} placeholder={t.login.phonePlaceholder} autoComplete="tel" inputMode="tel" />
      </Form.Item>
      <Form.Item label={t.sms.code} required={false}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t.sms.codeRequired }]}>
            <Input
              prefix={<MessageOutlined />}
              placeholder={t.sms.codePlaceholder}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              aria-label={t.sms.code}
            />
          </Form.Item>
          <Button onClick={send} disabled={wait > 0}>
            {wait > 0 ? fmt(t.sms.resendIn, { n: wait }) : t.sms.send}
          </Button>
        </Space.Compact>
      </Form.Item>
      {needTotp && (
        <Form.Item
          name="totpCode"
          label={t.totp.code}
          extra={t.totp.codeHint}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t.totp.codeRequired }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {busy ? t.login.submitting : t.login.submit}
      </Button>
    </Form>
  );
}
