import type { Workbench } from '@louzhang/contracts';
import { createContext, useContext, useEffect } from 'react';
import { adoptResponse, api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { EP } from '../endpoints';

const REFRESH_MS = 60_000;

declare global {
  interface Window {
    /** The counts, asked by the early script in index.html before the console's modules arrived. */
    __louzhangWorkbench?: Promise<Response>;
  }
}

/**
 * The counts: the early script's answer the first time, if it succeeded (before sign-in it is a 401,
 * and the counts are asked afresh once signed in); a new request every other time.
 */
function fetchWorkbench(signal: AbortSignal): Promise<Workbench> {
  const early = window.__louzhangWorkbench;
  window.__louzhangWorkbench = undefined;
  const fresh = () => api.get<Workbench>(EP.workbench, { signal });
  if (!early) return fresh();
  return early.then((res) => (res.ok ? adoptResponse<Workbench>(Promise.resolve(res)) : fresh()), fresh);
}

/**
 * The caller's to-do counts (工作台 and the menu's badges), asked again on each `refreshKey` change (the
 * layout passes the page's path, so a count drops as soon as the work is done) and every minute.
 */
export function useWorkbench(refreshKey: string = ''): Workbench | undefined {
  const req = useRequest(fetchWorkbench, [refreshKey]);
  const { reload } = req;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return req.data;
}

/**
 * The layout's counts, shared with the pages under it (the 工作台 tiles), so the console asks once for
 * the badges and the tiles together.
 */
export const WorkbenchContext = createContext<Workbench | undefined>(undefined);

/** The counts the layout holds (undefined until the first answer). */
export function useWorkbenchCounts(): Workbench | undefined {
  return useContext(WorkbenchContext);
}
