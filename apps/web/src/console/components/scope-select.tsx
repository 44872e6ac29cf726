import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useRequest } from '../../shared/use-request';
import { type OrgUnit, useOrgTree } from './use-org-tree';

/** Narrows the list to part of the caller's jurisdiction; the tree loads level by level. */
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
  // A unit chosen elsewhere (e.g. ?orgUnitId= from the org page) may not be loaded yet: fetch its name.
  const known = value === undefined || tree.units.has(value);
  const extra = useRequest(
    (signal) =>
      known || value === undefined ? Promise.resolve(undefined) : api.get<OrgUnit>(`/org-units/${value}`, { signal }),
    [value, known],
  );

  const treeData = useMemo(() => {
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
  }, [tree.units, tree.rootIds, extra.data, t.orgKinds]);

  return (
    <TreeSelect<number>
      id={id}
      allowClear
      showSearch={false}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      placeholder={placeholder ?? t.households.scopePlaceholder}
      aria-label={id ? undefined : t.households.scope}
      style={{ width }}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: 0 }}
      treeData={treeData}
      loadData={async (node) => {
        const id = Number(node.value);
        if (!tree.children.has(id)) await tree.loadChildren(id).catch(() => undefined);
      }}
      notFoundContent={tree.loading ? t.common.loading : t.common.empty}
      popupMatchSelectWidth={360}
    />
  );
}
