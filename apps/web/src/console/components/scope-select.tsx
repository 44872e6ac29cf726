import type { OrgUnitFound } from '@louzhang/contracts';
import { TreeSelect } from 'antd';
import { useEffect, useId, useMemo, useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { useI18n } from '../i18n';
import { type OrgUnit, useOrgTree } from './use-org-tree';

/**
 * Narrows the list to part of the caller's jurisdiction. The tree loads level by level; typing a name asks
 * the server (GET /org-units/search, within the jurisdiction), so 新兴 finds 新兴社区 before its branch is open.
 */
export function ScopeSelect({
  value,
  onChange,
  placeholder,
  width = 260,
  id,
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  placeholder?: string;
  width?: number;
  /** Set by a Form.Item so its label points at the field. */
  id?: string;
}) {
  const { t } = useI18n();
  const tree = useOrgTree();
  const autoId = useId();
  const selectId = id ?? `scope-${autoId}`;
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  // Asks once typing pauses.
  useEffect(() => {
    const id = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(id);
  }, [typed]);
  const found = useRequest(
    (signal) =>
      search
        ? api.get<{ items: OrgUnitFound[] }>('/org-units/search', { query: { q: search }, signal })
        : Promise.resolve(undefined),
    [search],
  );
  // A unit chosen elsewhere (e.g. ?orgUnitId= from the org page) may not be loaded yet: fetch its name.
  const known = value === undefined || tree.units.has(value);
  const extra = useRequest(
    (signal) =>
      known || value === undefined ? Promise.resolve(undefined) : api.get<OrgUnit>(`/org-units/${value}`, { signal }),
    [value, known],
  );

  const treeData = useMemo(() => {
    if (typed.trim()) {
      // What the server found, flat, each with the names above it.
      return (found.data?.items ?? []).map((u) => ({
        id: u.id,
        pId: 0,
        value: u.id,
        title: `${u.name}（${t.orgKinds[u.kind] ?? u.kind}）${u.trail.length ? ` · ${u.trail.join(' / ')}` : ''}`,
        isLeaf: true,
      }));
    }
    const nodes = [...tree.units.values()].map((u) => ({
      id: u.id,
      pId: u.parentId ?? 0,
      value: u.id,
      title: `${u.name}（${t.orgKinds[u.kind] ?? u.kind}）`,
      isLeaf: !u.hasChildren,
    }));
    const e = extra.data;
    if (e && !tree.units.has(e.id)) nodes.push({ id: e.id, pId: 0, value: e.id, title: e.name, isLeaf: true });
    // Roots hang off the virtual 0 whatever their real parent, since the caller sees only their subtree.
    const roots = new Set(tree.rootIds);
    return nodes.map((n) => (roots.has(n.id) ? { ...n, pId: 0 } : n));
  }, [tree.units, tree.rootIds, extra.data, t.orgKinds, typed, found.data]);

  return (
    <TreeSelect<number>
      id={selectId}
      // The search input's aria-owns / aria-controls name `<id>_list`, which the tree popup does not render
      // (rc-tree-select): the popup carries that id itself.
      popupRender={(menu) => <div id={`${selectId}_list`}>{menu}</div>}
      allowClear
      showSearch={{
        searchValue: typed,
        onSearch: setTyped,
        // The server filtered already (by name, within the jurisdiction).
        filterTreeNode: false,
        autoClearSearchValue: true,
      }}
      value={value}
      onChange={(v) => {
        setTyped('');
        onChange(v ?? undefined);
      }}
      placeholder={placeholder ?? t.households.scopePlaceholder}
      aria-label={id ? undefined : t.households.scope}
      style={{ width }}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={treeData}
      loadData={async (node) => {
        const id = Number(node.value);
        if (!tree.children.has(id)) await tree.loadChildren(id).catch(() => undefined);
      }}
      notFoundContent={
        tree.loading || (typed.trim() && (found.loading || search !== typed.trim()))
          ? t.common.loading
          : typed.trim()
            ? t.lists.scopeNoMatch
            : t.common.empty
      }
      popupMatchSelectWidth={360}
    />
  );
}
