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

/** A labelled group that is not one input (a segmented choice): named by aria-labelledby. */
export function FilterGroup({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="lz-filter" role="group" aria-labelledby={id}>
      <span className="lz-filter-label" id={id}>
        {label}
      </span>
      {children}
    </div>
  );
}
