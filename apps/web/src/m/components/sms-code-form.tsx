import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage, isApiError } from '../../common/api';
import { requestSmsCode, type User, useAuth } from '../../common/auth';
import { fmt, useI18n } from '../../common/i18n';
import { normalisePhone } from '../../common/phone';
import { PhoneField } from './phone-field';
import { PlainButton, PlainInput } from './plain';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Phone number + one-time SMS code, the way residents sign in (and sign up: a new number gets an
 * account). Used by the login screen and inline on a building's QR landing page.
 */
export function SmsCodeForm({ onSignedIn, submitLabel }: { onSignedIn: (u: User) => void; submitLabel?: string }) {
  const { t } = useI18n();
  const { loginWithCode } = useAuth();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  // Staff of a street that requires a second factor: the same SMS code goes again with the authenticator's.
  const [totpCode, setTotpCode] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ phone?: string; code?: string; form?: string }>({});

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const checkPhone = (): string | null => {
    const p = normalisePhone(phone);
    if (!p) setErrors({ phone: t.login.phoneRequired });
    else if (!MOBILE.test(p)) setErrors({ phone: t.sms.mobileOnly });
    else return p;
    return null;
  };

  const send = async () => {
    const p = checkPhone();
    if (!p) return;
    setErrors({});
    try {
      setWait(await requestSmsCode(p));
      setSent(true);
    } catch (e) {
      if (isApiError(e) && e.status === 429) setWait(60);
      setErrors({ form: errorMessage(e) });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = checkPhone();
    if (!p) return;
    if (!/^\d{6}$/.test(code)) {
      setErrors({ code: t.sms.codeRequired });
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await loginWithCode(p, code, totpCode ?? undefined));
    } catch (err) {
      if (isApiError(err, 'TOTP_REQUIRED')) setTotpCode('');
      setErrors({ form: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="m-login-form" onSubmit={submit} noValidate>
      {errors.form && (
        <div className="m-form-error" role="alert">
          {errors.form}
        </div>
      )}
      <PhoneField id="m-sms-phone" autoComplete="tel" value={phone} onChange={setPhone} error={errors.phone} />
      <div className="m-field">
        <label className="m-label" htmlFor="m-sms-code">
          {t.sms.code}
        </label>
        <div className="m-password">
          <PlainInput
            id="m-sms-code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            name="code"
            value={code}
            onChange={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
            placeholder={t.sms.codePlaceholder}
            maxLength={6}
            aria-invalid={!!errors.code}
          />
          <PlainButton className="m-code-button" disabled={wait > 0} onClick={send}>
            {wait > 0 ? fmt(t.sms.resendIn, { n: wait }) : sent ? t.sms.resend : t.sms.send}
          </PlainButton>
        </div>
        {errors.code && <span className="m-field-error">{errors.code}</span>}
        {sent && !errors.form && <span className="m-hint">{t.sms.sentHint}</span>}
      </div>
      {totpCode !== null && (
        <div className="m-field">
          <label className="m-label" htmlFor="m-sms-totp">
            {t.totp.code}
          </label>
          <PlainInput
            id="m-sms-totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            name="totpCode"
            value={totpCode}
            onChange={(v) => setTotpCode(v.replace(/\D/g, '').slice(0, 6))}
            maxLength={6}
          />
          <span className="m-hint">{t.totp.codeHint}</span>
        </div>
      )}
      <PlainButton type="submit" kind="primary" block loading={busy} className="m-big-button">
        {busy ? t.login.submitting : (submitLabel ?? t.sms.submit)}
      </PlainButton>
      <p className="m-hint">{t.sms.newUserHint}</p>
    </form>
  );
}
