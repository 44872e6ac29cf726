import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useRequest } from '../../common/use-request';
import { PageError, SectionLoading } from '../components/page-state';
import { useI18n } from '../i18n';

/**
 * 绑定身份验证器: the street requires a second factor of its staff and this account has none yet.
 * Scan the QR code (or type the key) into an authenticator app, then confirm with its first code.
 */
export default function TotpSetupPage() {
  const { t } = useI18n();
  const { refresh, logout } = useAuth();
  const setup = useRequest(() => api.post<{ secret: string; uri: string }>('/auth/totp/setup'), []);
  const [qr, setQr] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const uri = setup.data?.uri;
  useEffect(() => {
    if (uri) toDataURL(uri, { margin: 2, width: 360 }).then(setQr, () => setQr(null));
  }, [uri]);

  const confirm = async (v: { code: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await api.post('/auth/totp/confirm', { code: v.code });
      refresh();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="lz-login">
      <Card className="lz-login-card" title={t.totp.title}>
        <Typography.Paragraph>{t.totp.intro}</Typography.Paragraph>
        {setup.error ? (
          <PageError error={setup.error} onRetry={setup.reload} />
        ) : !setup.data ? (
          <SectionLoading />
        ) : (
          <>
            {qr && <img src={qr} width={180} height={180} alt={t.totp.qrAlt} data-otpauth={setup.data.uri} />}
            <Typography.Paragraph>
              {t.totp.key}{' '}
              <Typography.Text code copyable>
                {setup.data.secret}
              </Typography.Text>
            </Typography.Paragraph>
            {failure && <Alert type="error" showIcon title={failure} role="alert" style={{ marginBottom: 16 }} />}
            <Form layout="vertical" onFinish={confirm} requiredMark={false}>
              <Form.Item
                name="code"
                label={t.totp.code}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t.totp.codeRequired }]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t.totp.confirm}
              </Button>
            </Form>
          </>
        )}
        <Button type="link" block onClick={() => logout()} style={{ marginTop: 8 }}>
          {t.common.logout}
        </Button>
      </Card>
    </main>
  );
}
