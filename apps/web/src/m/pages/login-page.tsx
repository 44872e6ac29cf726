import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { useI18n } from '../../common/i18n';
import { looksLikePhone, normalisePhone, safeNext } from '../../common/phone';
import { Icon } from '../components/icon';
import { LanguageToggle } from '../components/language-toggle';
import { PhoneField } from '../components/phone-field';
import { PlainButton, PlainInput } from '../components/plain';
import { SmsCodeForm } from '../components/sms-code-form';
import { TextSizeToggle } from '../components/text-size-toggle';

/**
 * Sign-in for residents and captains: by SMS code first (which also signs a new number up), by
 * password on the second tab. Sized for an 80-year-old on a cheap 360×640 phone: 20px+ text,
 * 56px+ fields and buttons, a numeric keypad for the phone number, and errors in words next to the field.
 */
export default function LoginPage() {
  const { t } = useI18n();
  const { status, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [errors, setErrors] = useState<{ phone?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'code' | 'password'>('code');
  const next = safeNext(params.get('next'));

  if (status === 'signedIn') return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!phone.trim()) found.phone = t.login.phoneRequired;
    else if (!looksLikePhone(phone)) found.phone = t.login.phoneInvalid;
    if (!password) found.password = t.login.passwordRequired;
    setErrors(found);
    if (found.phone || found.password) return;
    setBusy(true);
    try {
      await login(normalisePhone(phone), password);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="m-login">
      <div className="m-login-top">
        <div className="m-head-tools">
          <TextSizeToggle />
          <LanguageToggle />
        </div>
      </div>
      <header className="m-login-head">
        <span className="m-logo" aria-hidden="true">
          楼
        </span>
        <h1>{t.login.mobileTitle}</h1>
        <p>{t.login.mobileSubtitle}</p>
      </header>
      <div className="m-login-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'code'} onClick={() => setMode('code')}>
          {t.sms.tabCode}
        </button>
        <button type="button" role="tab" aria-selected={mode === 'password'} onClick={() => setMode('password')}>
          {t.sms.tabPassword}
        </button>
      </div>
      {mode === 'code' ? (
        <SmsCodeForm onSignedIn={() => navigate(next, { replace: true })} />
      ) : (
        <form className="m-login-form" onSubmit={submit} noValidate>
          {errors.form && (
            <div className="m-form-error" role="alert">
              {errors.form}
            </div>
          )}
          <PhoneField
            id="m-login-phone"
            autoComplete="username"
            value={phone}
            onChange={setPhone}
            error={errors.phone}
          />
          <div className="m-field">
            <label className="m-label" htmlFor="m-login-password">
              {t.login.password}
            </label>
            <div className="m-password">
              <PlainInput
                id="m-login-password"
                type={visible ? 'text' : 'password'}
                autoComplete="current-password"
                name="password"
                value={password}
                onChange={setPassword}
                placeholder={t.login.passwordPlaceholder}
                maxLength={128}
                aria-invalid={!!errors.password}
              />
              <button
                type="button"
                className="m-eye"
                onClick={() => setVisible((v) => !v)}
                aria-label={visible ? t.login.hidePassword : t.login.showPassword}
              >
                {visible ? <Icon name="EyeOutline" /> : <Icon name="EyeInvisibleOutline" />}
              </button>
            </div>
            {errors.password && <span className="m-field-error">{errors.password}</span>}
          </div>
          <PlainButton type="submit" kind="primary" block loading={busy} className="m-big-button">
            {busy ? t.login.submitting : t.login.submit}
          </PlainButton>
          <p className="m-hint">{t.login.forgotHint}</p>
        </form>
      )}
    </main>
  );
}
