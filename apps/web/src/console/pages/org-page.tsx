import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Row, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { type ReactNode, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../common/api';
import { EmptyState } from '../components/empty-state';
import { PageError, SectionLoading } from '../components/page-state';
import { type OrgTree, useOrgTree } from '../components/use-org-tree';
import { label, useI18n } from '../i18n';

export default function OrgPage() {
  const { t } = useI18n();
  const tree = useOrgTree();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = selectedId === null ? undefined : tree.units.get(selectedId);

  const treeData = useMemo(() => toTreeData(tree, tree.rootIds, t.orgKinds), [tree, t.orgKinds]);

  let body: ReactNode;
  if (tree.loading && tree.rootIds.length === 0) body = <SectionLoading />;
  else if (tree.error) body = <PageError error={tree.error} onRetry={tree.reload} />;
  else if (tree.rootIds.length === 0) body = <EmptyState description={t.org.noRoots} />;
  else
    body = (
      <Tree
        showIcon
        blockNode
        treeData={treeData}
        selectedKeys={selectedId === null ? [] : [selectedId]}
        onSelect={(keys) => setSelectedId(keys.length ? Number(keys[0]) : null)}
        loadData={async (node) => {
          try {
            await tree.loadChildren(Number(node.key));
          } catch (e) {
            message.error(`${t.org.loadChildrenFailed}：${errorMessage(e)}`);
          }
        }}
      />
    );

  return (
    <>
      <div className="lz-page-header">
        <h1>{t.org.title}</h1>
      </div>
      <Row gutter={16}>
        <Col xs={24} md={10} xl={8}>
          <Card title={t.org.treeTitle} styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflow: 'auto' } }}>
            {body}
          </Card>
        </Col>
        <Col xs={24} md={14} xl={16}>
          <Card>
            {selected ? (
              <>
                <Typography.Title level={4} style={{ marginTop: 0 }}>
                  {selected.name} <Tag>{label(t.orgKinds, selected.kind)}</Tag>
                </Typography.Title>
                <Descriptions column={1} bordered size="small">
                  <Descriptions.Item label={t.org.kind}>{label(t.orgKinds, selected.kind)}</Descriptions.Item>
                  {selected.management && (
                    <Descriptions.Item label={t.org.management}>
                      {label(t.management, selected.management)}
                    </Descriptions.Item>
                  )}
                  {selected.address && <Descriptions.Item label={t.org.address}>{selected.address}</Descriptions.Item>}
                  <Descriptions.Item label={t.org.path}>
                    <Typography.Text type="secondary">{selected.path}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t.org.id}>{selected.id}</Descriptions.Item>
                </Descriptions>
                <Button
                  type="primary"
                  icon={<TeamOutlined />}
                  style={{ marginTop: 16 }}
                  onClick={() => navigate(`/households?orgUnitId=${selected.id}`)}
                >
                  {t.org.viewHouseholds}
                </Button>
              </>
            ) : (
              <EmptyState description={t.org.selectHint} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

function toTreeData(tree: OrgTree, ids: number[], kinds: Record<string, string>): DataNode[] {
  return ids.flatMap((id) => {
    const u = tree.units.get(id);
    if (!u) return [];
    const kids = tree.children.get(id);
    return [
      {
        key: id,
        title: (
          <span>
            {u.name} <Typography.Text type="secondary">· {label(kinds, u.kind)}</Typography.Text>
          </span>
        ),
        icon: <ApartmentOutlined />,
        isLeaf: !u.hasChildren,
        children: kids ? toTreeData(tree, kids, kinds) : undefined,
      },
    ];
  });
}
