import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode } from 'react';

/**
 * The button and text field of the phone's first screens (sign-in, the frame, home), drawn with plain
 * elements and m.css instead of antd-mobile, so that a cold start downloads and runs none of
 * antd-mobile: it comes with the screens past the first, which load lazily (mobile-app.tsx).
 */
export function PlainButton({
  kind = 'default',
  loading = false,
  block = false,
  className,
  disabled,
  children,
  type = 'button',
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  type?: 'button' | 'submit';
  /** primary: the screen's main action (brand colour); danger: red text; text: no border. */
  kind?: 'primary' | 'danger' | 'default' | 'text';
  loading?: boolean;
  block?: boolean;
  children: ReactNode;
}) {
  const classes = ['m-btn', `m-btn-${kind}`, block ? 'm-btn-block' : '', className ?? ''].filter(Boolean);
  return (
    <button
      {...rest}
      type={type}
      className={classes.join(' ')}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
    >
      {loading && <span className="m-spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** A text field in the phone's big bordered box; `onChange` gets the value, as antd-mobile's Input does. */
export function PlainInput({
  className,
  onChange,
  value,
  clearable = false,
  clearLabel,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  value: string;
  onChange: (value: string) => void;
  /** Shows a clear button while there is text; its accessible name is `clearLabel`. */
  clearable?: boolean;
  clearLabel?: string;
}) {
  return (
    <div className={`m-input m-plain-input${className ? ` ${className}` : ''}`} aria-invalid={rest['aria-invalid']}>
      <input {...rest} className="m-plain-input-element" value={value} onChange={(e) => onChange(e.target.value)} />
      {clearable && value !== '' && (
        <button type="button" className="m-plain-input-clear" aria-label={clearLabel} onClick={() => onChange('')}>
          ×
        </button>
      )}
    </div>
  );
}

/** Three dots that pulse while something loads. */
export function Dots() {
  return (
    <span className="m-dots" aria-hidden="true">
      <i />
      <i />
      <i />
    </span>
  );
}
