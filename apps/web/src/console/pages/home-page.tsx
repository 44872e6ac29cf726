import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  MessageOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { fmt, label, useI18n } from '../../shared/i18n';
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
