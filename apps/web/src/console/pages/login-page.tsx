import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { looksLikePhone, normalisePhone, safeNext } from '../../shared/phone';
import { LanguageSwitch } from '../components/language-switch';
import { SmsLoginForm } from './sms-login-form';

interface Values {
  phone: string;
  password: string;
  totpCode?: string;
}

export default function LoginPage() {
  const { t } = useI18n();
  const { status, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Asked for once the server says this street requires a second factor of its staff.
  const [needTotp, setNeedTotp] = useState(false);
  const next = safeNext(params.get('next'));

  if (status === 'signedIn') return <Navigate to={next} replace />;

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await login(normalisePhone(v.phone), v.password, v.totpCode || undefined);
      navigate(next, { replace: true });
    } catch (e) {
      if (isApiError(e, 'TOTP_REQUIRED') || isApiError(e, 'TOTP_INVALID')) setNeedTotp(true);
      if (isApiError(e) && e.fields.length > 0) {
        form.setFields(
          e.fields
            .filter((f) => f.path === 'phone' || f.path === 'password')
            .map((f) => ({ name: f.path as keyof Values, errors: [f.message] })),
        );
      }
      setFailure(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main className="lz-login">
      <div className="lz-login-top">
        <LanguageSwitch />
      </div>
      <Card className="lz-login-card">
        <div className="lz-login-head">
          <span className="lz-brand-mark">楼</span>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t.login.consoleTitle}
          </Typography.Title>
          <Typography.Text type="secondary">{t.login.consoleSubtitle}</Typography.Text>
        </div>
        <Tabs
          centered
          items={[
            {
              key: 'password',
              label: t.sms.tabPassword,
              children: (
                <>
                  {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
                  <Form<Values> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
                    <Form.Item
                      name="phone"
                      label={t.login.phone}
                      rules={[
                        { required: true, message: t.login.phoneRequired },
                        {
                          validator: async (_, v: string) =>
                            !v || looksLikePhone(v) ? undefined : Promise.reject(t.login.phoneInvalid),
                        },
                      ]}
                    >
                      <Input
                        prefix={<MobileOutlined />}
                        placeholder={t.login.phonePlaceholder}
                        autoComplete="username"
                        inputMode="tel"
                        autoFocus
                      />
                    </Form.Item>
                    <Form.Item
                      name="password"
                      label={t.login.password}
                      rules={[{ required: true, message: t.login.passwordRequired }]}
                    >
                      <Input.Password
                        prefix={<LockOutlined />}
                        placeholder={t.login.passwordPlaceholder}
                        autoComplete="current-password"
                      />
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
                    <Button type="primary" htmlType="submit" block loading={submitting}>
                      {submitting ? t.login.submitting : t.login.submit}
                    </Button>
                  </Form>
                </>
              ),
            },
            {
              key: 'code',
              label: t.sms.tabCode,
              children: <SmsLoginForm onSignedIn={() => navigate(next, { replace: true })} />,
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          {t.login.forgotHint}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
