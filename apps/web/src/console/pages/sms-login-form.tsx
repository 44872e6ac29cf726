import { MessageOutlined, MobileOutlined } from '@ant-design/icons';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage, isApiError } from '../../common/api';
import { requestSmsCode, useAuth } from '../../common/auth';
import { normalisePhone } from '../../common/phone';
import { fmt, useI18n } from '../i18n';
import { Field, FormAlert } from '../shell/field';
import { SignInButton, TotpField } from '../shell/sign-in-parts';

const MOBILE = /^1[3-9]\d{9}$/;
const SIX_DIGITS = /^\d{6}$/;

interface Errors {
  phone?: string;
  code?: string;
  totpCode?: string;
}

/** The console's second way in: phone number and a one-time code by SMS. */
export function SmsLoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const { loginWithCode } = useAuth();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});
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

  const phoneError = (v: string) =>
    !v.trim() ? t.login.phoneRequired : MOBILE.test(normalisePhone(v)) ? undefined : t.sms.mobileOnly;

  const send = async () => {
    setFailure(null);
    const e = phoneError(phone);
    setErrors((old) => ({ ...old, phone: e }));
    if (e) return;
    try {
      setWait(await requestSmsCode(normalisePhone(phone)));
    } catch (err) {
      if (isApiError(err) && err.status === 429) setWait(60);
      setFailure(errorMessage(err));
    }
  };

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    const found: Errors = {
      phone: phoneError(phone),
      code: SIX_DIGITS.test(code) ? undefined : t.sms.codeRequired,
      totpCode: needTotp && !SIX_DIGITS.test(totpCode) ? t.totp.codeRequired : undefined,
    };
    setErrors(found);
    if (found.phone || found.code || found.totpCode) return;
    setBusy(true);
    setFailure(null);
    try {
      await loginWithCode(normalisePhone(phone), code, totpCode || undefined);
      onSignedIn();
    } catch (e) {
      if (isApiError(e, 'TOTP_REQUIRED')) setNeedTotp(true);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      {failure && <FormAlert>{failure}</FormAlert>}
      <Field
        label={t.login.phone}
        icon={<MobileOutlined />}
        placeholder={t.login.phonePlaceholder}
        autoComplete="tel"
        inputMode="tel"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.phone}
      />
      <Field
        label={t.sms.code}
        icon={<MessageOutlined />}
        placeholder={t.sms.codePlaceholder}
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value.trim())}
        error={errors.code}
        addon={
          <button type="button" className="lz-btn" onClick={() => void send()} disabled={wait > 0}>
            {wait > 0 ? fmt(t.sms.resendIn, { n: wait }) : t.sms.send}
          </button>
        }
      />
      {needTotp && <TotpField value={totpCode} onChange={setTotpCode} error={errors.totpCode} />}
      <SignInButton busy={busy} />
    </form>
  );
}
