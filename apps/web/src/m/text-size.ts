import { useSyncExternalStore } from 'react';

/**
 * 大字: the phone app drawn 1.25× larger, for people who find 18 px too small (many captains and most
 * residents who call the captain are past 70). It scales the whole page, not only the text, so the
 * layout, icons and tap targets grow with it and nothing overlaps; the screens are built to work at
 * 320 px wide, which is what a 360 px phone shows at this size. The choice is kept on the phone.
 */
export type TextSize = 'normal' | 'large';

const KEY = 'louzhang.textSize';
const listeners = new Set<() => void>();

function saved(): TextSize {
  try {
    return localStorage.getItem(KEY) === 'large' ? 'large' : 'normal';
  } catch {
    return 'normal';
  }
}

let current: TextSize = saved();
apply(current);

function apply(size: TextSize): void {
  if (typeof document !== 'undefined') document.documentElement.dataset.textSize = size;
}

export function setTextSize(next: TextSize): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // kept for this page view at least
  }
  apply(next);
  for (const l of listeners) l();
}

export function useTextSize(): TextSize {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
    () => current,
  );
}
