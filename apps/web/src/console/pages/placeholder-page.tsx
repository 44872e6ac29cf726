import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Result } from 'antd';
import type { Messages } from '../../locales';
import { useI18n } from '../../shared/i18n';

/** Sections that are not built yet say so plainly. */
export default function PlaceholderPage({ section }: { section: keyof Messages['console']['menu'] }) {
  const { t } = useI18n();
  return (
    <Card>
      <Result
        icon={<ClockCircleOutlined />}
        title={`${t.console.menu[section]} · ${t.common.comingSoon}`}
        subTitle={t.common.comingSoonHint}
      />
    </Card>
  );
}
