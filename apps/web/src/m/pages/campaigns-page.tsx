import type { CampaignView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 专项整治 for a patrol: the campaigns around them with their progress, and 上报点位 on each. */
export default function CampaignsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const req = useRequest((signal) => api.get<{ items: CampaignView[] }>('/campaigns', { signal }), []);
  const items = req.data?.items;
  let body: ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={t.mCampaigns.empty} />;
  else
    body = items.map((c) => (
      <section key={c.id} className="m-card" data-testid={`m-campaign-${c.id}`}>
        <div className="m-outbox-title">{c.title}</div>
        <div className="m-hint">
          {c.scopeName} · {fmt(t.mCampaigns.period, { from: c.startsOn, to: c.endsOn })}
        </div>
        <div className="m-hint">{c.problemTypes.map((p) => label(t.campaignTypes, p)).join('、')}</div>
        <div className="m-campaign-progress">
          {fmt(t.mCampaigns.progress, { cleared: c.totals.cleared, logged: c.totals.logged })}
        </div>
        <Button
          color="primary"
          size="large"
          block
          className="m-big-button"
          onClick={() => navigate(`/campaigns/${c.id}/log`)}
        >
          {t.mCampaigns.log}
        </Button>
      </section>
    ));
  return (
    <Screen title={t.mCampaigns.title}>
      <div className="m-pad">
        <Link to="/campaign-sites" className="m-link-row">
          {t.mCampaigns.mySites} ›
        </Link>
      </div>
      {body}
    </Screen>
  );
}
