import { useI18n } from '../i18n';
import { Field } from './field';

/**
 * The authenticator's 6-digit code, asked for in either sign-in form once the server says this street
 * requires a second factor of its staff (focused: it appears because the person must type into it next).
 */
export function TotpField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <Field
      label={t.totp.code}
      hint={t.totp.codeHint}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      autoFocus
      value={value}
      onChange={(e) => onChange(e.target.value.trim())}
      error={error}
    />
  );
}

/** 登录 (正在登录… while the request is out): the sign-in forms' one primary button. */
export function SignInButton({ busy }: { busy: boolean }) {
  const { t } = useI18n();
  return (
    <button type="submit" className="lz-btn lz-btn-primary lz-btn-block" disabled={busy} aria-busy={busy}>
      {busy ? t.login.submitting : t.login.submit}
    </button>
  );
}
