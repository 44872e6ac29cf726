import type { SiteView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Tag from 'antd-mobile/es/components/tag';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';
import { uploadPhoto } from '../components/upload-photo';

const COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  open: 'default',
  assigned: 'warning',
  accepted: 'primary',
  cleared: 'success',
  not_clearable: 'danger',
};

/** 交办给我的点位: accept (a department's 报到) and clear with a photo taken after. */
export default function CampaignSitesPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<{ items: SiteView[] }>('/campaign-sites/mine', { signal }), []);
  const items = req.data?.items;
  let body: ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={t.mCampaigns.noSites} />;
  else body = items.map((s) => <SiteCard key={s.id} site={s} onChanged={req.reload} />);
  return (
    <Screen title={t.mCampaigns.mySites} backTo="/campaigns">
      {body}
    </Screen>
  );
}

function SiteCard({ site: s, onChanged }: { site: SiteView; onChanged: () => void }) {
  const { t } = useI18n();
  const [after, setAfter] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      onChanged();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="m-card" data-testid={`m-site-${s.id}`}>
      <div className="m-outbox-row">
        <span className="m-outbox-title">
          {label(t.campaignTypes, s.problemType)} · {s.placeName}
        </span>
        <Tag color={COLOR[s.status] ?? 'default'} className="m-tag">
          {label(t.siteStatus, s.status)}
        </Tag>
      </div>
      {s.placeText && <div className="m-hint">{s.placeText}</div>}
      {s.note && <div className="m-hint">{s.note}</div>}
      {s.reappearedOfId !== null && <div className="m-hint">{t.mCampaigns.reappeared}</div>}
      <div className="m-site-photos">
        {s.photo && <img src={s.photo.thumbUrl} alt="" />}
        {s.afterPhoto && <img src={s.afterPhoto.thumbUrl} alt="" />}
      </div>
      {s.can.accept && (
        <Button
          color="primary"
          size="large"
          block
          className="m-big-button"
          loading={busy}
          onClick={() => act(() => api.post(`/campaign-sites/${s.id}/accept`))}
        >
          {t.mCampaigns.accept}
        </Button>
      )}
      {s.can.clear && (
        <>
          <div className="m-label">{t.mCampaigns.afterPhoto}</div>
          <PhotoPicker photos={after} onChange={setAfter} max={1} />
          <Button
            color="success"
            size="large"
            block
            className="m-big-button"
            loading={busy}
            onClick={() => {
              const photo = after[0];
              if (!photo) {
                Toast.show({ content: t.mCampaigns.afterPhotoRequired });
                return;
              }
              void act(async () =>
                api.post(`/campaign-sites/${s.id}/clear`, { afterPhotoId: await uploadPhoto(photo) }),
              );
            }}
          >
            {t.mCampaigns.clear}
          </Button>
        </>
      )}
    </section>
  );
}
