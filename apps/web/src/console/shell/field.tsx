import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** Shown under the field in red, and tied to it for screen readers (aria-invalid, aria-describedby). */
  error?: string | null;
  hint?: ReactNode;
  /** Beside the input, inside the same row (e.g. 获取验证码). */
  addon?: ReactNode;
  icon?: ReactNode;
}

/** A labelled input of the first screens (sign-in), with its error and hint: no antd, console.css. */
export function Field({ label, error, hint, addon, icon, ...input }: FieldProps) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className={`lz-field${error ? ' lz-field-invalid' : ''}`}>
      <label htmlFor={id} className="lz-field-label">
        {label}
      </label>
      <div className="lz-field-row">
        <div className="lz-input">
          {icon && (
            <span className="lz-input-icon" aria-hidden>
              {icon}
            </span>
          )}
          <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
        </div>
        {addon}
      </div>
      {error && (
        <div id={`${id}-error`} className="lz-field-error">
          {error}
        </div>
      )}
      {hint && (
        <div id={`${id}-hint`} className="lz-field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

/** The sign-in forms' failure message (the server's words), announced when it appears. */
export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <div className="lz-alert" role="alert">
      {children}
    </div>
  );
}
