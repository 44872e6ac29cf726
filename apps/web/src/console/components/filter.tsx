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
