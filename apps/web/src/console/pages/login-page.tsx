import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../common/api';
import { useAuth } from '../../common/auth';
import { looksLikePhone, normalisePhone, safeNext } from '../../common/phone';
import { LanguageSwitch } from '../components/language-switch';
import { useI18n } from '../i18n';
import { Field, FormAlert } from '../shell/field';
import { useLoggedOutNotice } from '../shell/logged-out';
import { SignInButton, TotpField } from '../shell/sign-in-parts';
import { SmsLoginForm } from './sms-login-form';

type Tab = 'password' | 'code';
const TABS: Tab[] = ['password', 'code'];

/**
 * The console's sign-in: by password (and the authenticator's code when the street requires it) or by
 * an SMS code. The first screen of every visit, so drawn without antd (console.css).
 */
export default function LoginPage() {
  const { t } = useI18n();
  const { status } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const loggedOut = useLoggedOutNotice();
  const [tab, setTab] = useState<Tab>('password');
  const next = safeNext(params.get('next'));

  if (status === 'signedIn') return <Navigate to={next} replace />;

  const label: Record<Tab, string> = { password: t.sms.tabPassword, code: t.sms.tabCode };
  // Arrow keys move between the tabs, as in every tab list.
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const to = TABS[(TABS.indexOf(tab) + 1) % TABS.length] as Tab;
    setTab(to);
    document.getElementById(`lz-login-tab-${to}`)?.focus();
  };

  return (
    <main className="lz-login">
      <div className="lz-login-top">
        <LanguageSwitch />
      </div>
      <div className="lz-card lz-login-card">
        <div className="lz-login-head">
          <span className="lz-brand-mark" aria-hidden>
            楼
          </span>
          <h1 className="lz-login-title">{t.login.consoleTitle}</h1>
          <p className="lz-secondary lz-flush">{t.login.consoleSubtitle}</p>
        </div>
        {loggedOut && (
          <p className="lz-notice" role="status">
            {t.common.loggedOut}
          </p>
        )}
        <div role="tablist" className="lz-tabs" onKeyDown={onTabKey}>
          {TABS.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              id={`lz-login-tab-${k}`}
              aria-selected={tab === k}
              aria-controls={`lz-login-panel-${k}`}
              tabIndex={tab === k ? 0 : -1}
              className="lz-tab"
              onClick={() => setTab(k)}
            >
              {label[k]}
            </button>
          ))}
        </div>
        {TABS.map((k) => (
          <div
            key={k}
            role="tabpanel"
            id={`lz-login-panel-${k}`}
            aria-labelledby={`lz-login-tab-${k}`}
            hidden={tab !== k}
            className="lz-tabpanel"
          >
            {tab === k &&
              (k === 'password' ? (
                <PasswordForm onSignedIn={() => navigate(next, { replace: true })} />
              ) : (
                <SmsLoginForm onSignedIn={() => navigate(next, { replace: true })} />
              ))}
          </div>
        ))}
        <p className="lz-secondary lz-login-foot">{t.login.forgotHint}</p>
      </div>
    </main>
  );
}

interface Errors {
  phone?: string;
  password?: string;
  totpCode?: string;
}

function PasswordForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const { login } = useAuth();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [shown, setShown] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Asked for once the server says this street requires a second factor of its staff.
  const [needTotp, setNeedTotp] = useState(false);

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    const found: Errors = {
      phone: !phone.trim() ? t.login.phoneRequired : looksLikePhone(phone) ? undefined : t.login.phoneInvalid,
      password: password ? undefined : t.login.passwordRequired,
      totpCode: needTotp && !/^\d{6}$/.test(totpCode) ? t.totp.codeRequired : undefined,
    };
    setErrors(found);
    if (found.phone || found.password || found.totpCode) return;
    setSubmitting(true);
    setFailure(null);
    try {
      await login(normalisePhone(phone), password, totpCode || undefined);
      onSignedIn();
    } catch (e) {
      if (isApiError(e, 'TOTP_REQUIRED') || isApiError(e, 'TOTP_INVALID')) setNeedTotp(true);
      if (isApiError(e) && e.fields.length > 0) {
        const byPath = (p: string) => e.fields.find((f) => f.path === p)?.message;
        setErrors({ phone: byPath('phone'), password: byPath('password') });
      }
      setFailure(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      {failure && <FormAlert>{failure}</FormAlert>}
      <Field
        label={t.login.phone}
        icon={<MobileOutlined />}
        placeholder={t.login.phonePlaceholder}
        autoComplete="username"
        inputMode="tel"
        autoFocus
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.phone}
      />
      <Field
        label={t.login.password}
        icon={<LockOutlined />}
        type={shown ? 'text' : 'password'}
        placeholder={t.login.passwordPlaceholder}
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        addon={
          <button type="button" className="lz-btn" aria-pressed={shown} onClick={() => setShown((s) => !s)}>
            {shown ? t.login.hidePassword : t.login.showPassword}
          </button>
        }
      />
      {needTotp && <TotpField value={totpCode} onChange={setTotpCode} error={errors.totpCode} />}
      <SignInButton busy={submitting} />
    </form>
  );
}
