import type { OrgUnitView } from '@louzhang/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';

export type OrgUnit = OrgUnitView;

export interface OrgTree {
  /** Ids of the caller's roots (the units their roles are bound to), once loaded. */
  rootIds: number[];
  units: ReadonlyMap<number, OrgUnit>;
  /** Children loaded so far, by parent id; absent means not loaded yet. */
  children: ReadonlyMap<number, number[]>;
  loading: boolean;
  error: unknown;
  reload: () => void;
  /** Loads one unit's children (once); rejects with the ApiError if the call fails. */
  loadChildren: (parentId: number) => Promise<void>;
}

/** The org tree, fetched level by level as the user opens it (GET /org-units?parentId=). */
export function useOrgTree(): OrgTree {
  const roots = useRequest((signal) => api.get<{ items: OrgUnit[] }>('/org-units', { signal }), []);
  const [units, setUnits] = useState<Map<number, OrgUnit>>(new Map());
  const [children, setChildren] = useState<Map<number, number[]>>(new Map());

  useEffect(() => {
    if (!roots.data) return;
    setUnits(new Map(roots.data.items.map((u) => [u.id, u])));
    setChildren(new Map());
  }, [roots.data]);

  const loadChildren = useCallback(async (parentId: number) => {
    const r = await api.get<{ items: OrgUnit[] }>('/org-units', { query: { parentId } });
    setUnits((m) => {
      const next = new Map(m);
      for (const u of r.items) next.set(u.id, u);
      return next;
    });
    setChildren((m) =>
      new Map(m).set(
        parentId,
        r.items.map((u) => u.id),
      ),
    );
  }, []);

  return {
    rootIds: roots.data?.items.map((u) => u.id) ?? [],
    units,
    children,
    loading: roots.loading,
    error: roots.error,
    reload: roots.reload,
    loadChildren,
  };
}
