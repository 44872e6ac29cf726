import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  MessageOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { fmt, label, useI18n } from '../../shared/i18n';
import { useWorkbenchCounts } from '../components/use-workbench';
import { CHORE_ROLES, MALL_ROLES } from '../console-layout';

export default function HomePage() {
  const { t } = useI18n();
  const { user, hasRole } = useAuth();
  const navigate = useNavigate();
  const shortcuts = [
    { key: 'org', icon: <ApartmentOutlined />, title: t.console.menu.org, path: '/org' },
    ...(hasRole(...CHORE_ROLES)
      ? [
          { key: 'households', icon: <TeamOutlined />, title: t.console.menu.households, path: '/households' },
          { key: 'reviews', icon: <AuditOutlined />, title: t.console.menu.reviews, path: '/reviews' },
        ]
      : []),
    { key: 'reports', icon: <MessageOutlined />, title: t.console.menu.reports, path: '/reports' },
    ...(hasRole(...MALL_ROLES)
      ? [{ key: 'mall', icon: <ShopOutlined />, title: t.console.menu.mall, path: '/mall' }]
      : []),
    { key: 'dashboard', icon: <BarChartOutlined />, title: t.console.menu.dashboard, path: '/dashboard' },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="workbench">
      <TodoCard />
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {fmt(t.console.home.welcome, { name: user?.name ?? '' })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t.console.home.intro}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t.console.home.myRoles}>
            <List
              dataSource={user?.roles ?? []}
              locale={{ emptyText: t.common.none }}
              renderItem={(r) => (
                <List.Item>
                  <Space>
                    <Tag color="red">{label(t.roles, r.role)}</Tag>
                    <span>{r.orgUnitName}</span>
                    <Typography.Text type="secondary">{label(t.orgKinds, r.orgKind)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t.console.home.shortcuts}>
            <Row gutter={[12, 12]}>
              {shortcuts.map((s) => (
                <Col span={12} key={s.key}>
                  <Card hoverable size="small" onClick={() => navigate(s.path)} style={{ textAlign: 'center' }}>
                    <div style={{ fontSize: 28, color: '#c8161d' }}>{s.icon}</div>
                    <div>{s.title}</div>
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** 我的待办: what waits for the caller in their jurisdiction, each count opening the list it counts. */
function TodoCard() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const todo = useWorkbenchCounts();
  if (!todo) return null;
  const tiles: { key: string; title: string; value: number | null; to: string; danger?: boolean; hint?: string }[] = [
    { key: 'reviews', title: t.console.home.reviews, value: todo.reviews, to: '/reviews' },
    { key: 'handling', title: t.console.home.handling, value: todo.handling, to: '/reports' },
    {
      key: 'dueSoon',
      title: t.console.home.dueSoon,
      value: todo.dueSoon,
      to: '/reports',
      hint: t.console.home.dueSoonHint,
    },
    { key: 'overdue', title: t.console.home.overdue, value: todo.overdue, to: '/reports', danger: true },
    { key: 'pickups', title: t.console.home.pickups, value: todo.pickups, to: '/mall?tab=verify' },
    { key: 'residency', title: t.console.home.residency, value: todo.residency, to: '/residency' },
  ];
  const shown = tiles.filter((x) => x.value !== null);
  if (shown.length === 0) return null;
  return (
    <Card
      title={t.console.home.todo}
      extra={<Typography.Text type="secondary">{t.console.home.todoHint}</Typography.Text>}
    >
      <Row gutter={[16, 16]}>
        {shown.map((x) => (
          <Col xs={12} md={8} xl={4} key={x.key}>
            <Card hoverable size="small" onClick={() => navigate(x.to)} data-testid={`todo-${x.key}`} role="link">
              <Statistic
                title={x.title}
                value={x.value ?? 0}
                styles={{ content: { color: x.danger && (x.value ?? 0) > 0 ? '#a8071a' : undefined } }}
              />
              {x.hint && <Typography.Text type="secondary">{x.hint}</Typography.Text>}
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
