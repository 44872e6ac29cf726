import { useI18n } from '../../common/i18n';
import { PlainInput } from './plain';

/** The mobile number field of the sign-in forms: labelled, the numeric keypad, its error under it. */
export function PhoneField({
  id,
  autoComplete,
  value,
  onChange,
  error,
}: {
  id: string;
  /** `username` where a password follows (so password managers pair them), `tel` otherwise. */
  autoComplete: 'username' | 'tel';
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="m-field">
      <label className="m-label" htmlFor={id}>
        {t.login.phone}
      </label>
      <PlainInput
        id={id}
        type="tel"
        inputMode="numeric"
        autoComplete={autoComplete}
        name="phone"
        value={value}
        onChange={onChange}
        placeholder={t.login.phonePlaceholder}
        maxLength={20}
        clearable
        clearLabel={t.login.clearPhone}
        aria-invalid={!!error}
      />
      {error && <span className="m-field-error">{error}</span>}
    </div>
  );
}
