import Button from 'antd-mobile/es/components/button';
import ClockCircleOutline from 'antd-mobile-icons/es/ClockCircleOutline';
import { useNavigate } from 'react-router-dom';
import type { Messages } from '../../locales';
import { useI18n } from '../../shared/i18n';
import { Screen } from '../components/screen';

export default function PlaceholderPage({ screen }: { screen: keyof Messages['mobile']['tiles'] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Screen title={t.mobile.tiles[screen]}>
      <div className="m-state m-coming">
        <ClockCircleOutline className="m-coming-icon" />
        <h2>{t.common.comingSoon}</h2>
        <p>{t.common.comingSoonHint}</p>
        <Button size="large" block color="primary" className="m-big-button" onClick={() => navigate('/')}>
          {t.common.backHome}
        </Button>
      </div>
    </Screen>
  );
}
