import { Input, Select } from 'antd';
import type { ReactNode } from 'react';

/**
 * One filter of a list with its label shown above it (not a placeholder only): the label names the
 * control by `htmlFor` = the control's `id` (antd's Select, TreeSelect and Input put it on their input).
 */
export function Filter({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="lz-filter">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

/** A labelled group that is not one input (a segmented choice): a fieldset with its legend. */
export function FilterGroup({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <fieldset className="lz-filter lz-filter-group" aria-labelledby={id}>
      <legend className="lz-filter-label" id={id}>
        {label}
      </legend>
      {children}
    </fieldset>
  );
}

/**
 * A labelled choice among `values` (shown by `labels`). With `all` (the placeholder's words) it may be
 * cleared to mean every value; without, one value is always chosen.
 */
export function SelectFilter<T extends string>({
  label,
  id,
  width,
  value,
  onChange,
  values,
  labels,
  all,
}: {
  label: string;
  id: string;
  width: number;
  value: T | undefined;
  onChange: (value: T | undefined) => void;
  values: readonly T[];
  labels: Record<T, string>;
  all?: string;
}) {
  return (
    <Filter label={label} id={id}>
      <Select<T>
        id={id}
        allowClear={all !== undefined}
        style={{ width }}
        placeholder={all}
        value={value}
        onChange={onChange}
        options={values.map((v) => ({ value: v, label: labels[v] }))}
      />
    </Filter>
  );
}

/** A labelled keyword search: the words typed (`draft`) are searched on Enter or the button. */
export function SearchFilter({
  label,
  id,
  width,
  draft,
  onDraft,
  onSearch,
  placeholder,
  button,
}: {
  label: string;
  id: string;
  width: number;
  draft: string;
  onDraft: (draft: string) => void;
  onSearch: (words: string) => void;
  placeholder: string;
  button: string;
}) {
  return (
    <Filter label={label} id={id}>
      <Input.Search
        id={id}
        value={draft}
        onChange={(e) => onDraft(e.target.value)}
        onSearch={onSearch}
        placeholder={placeholder}
        enterButton={button}
        maxLength={40}
        style={{ width }}
      />
    </Filter>
  );
}
