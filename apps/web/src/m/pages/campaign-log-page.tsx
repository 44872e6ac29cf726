import type { CampaignView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Input from 'antd-mobile/es/components/input';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';
import { outbox } from '../outbox/outbox';

/**
 * 上报点位: a tap on the problem type, the building or place (the patrol's own grid first), a photo, an
 * optional note. One Idempotency-Key per site, so a retry after a lost answer logs it once.
 */
export default function CampaignLogPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const campaign = useRequest((signal) => api.get<CampaignView>(`/campaigns/${id}`, { signal }), [id]);
  const places = useRequest(
    (signal) => api.get<{ items: { id: number; name: string; kind: string }[] }>(`/campaigns/${id}/places`, { signal }),
    [id],
  );
  const [type, setType] = useState<string | null>(null);
  const [placeId, setPlaceId] = useState<string>('');
  const [placeText, setPlaceText] = useState('');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [sending, setSending] = useState(false);

  if ((campaign.loading && !campaign.data) || (places.loading && !places.data))
    return (
      <Screen title={t.mCampaigns.logTitle} backTo="/campaigns">
        <SectionLoading />
      </Screen>
    );
  if (!campaign.data || !places.data)
    return (
      <Screen title={t.mCampaigns.logTitle} backTo="/campaigns">
        <ErrorState
          error={campaign.error ?? places.error}
          onRetry={() => {
            campaign.reload();
            places.reload();
          }}
        />
      </Screen>
    );
  const c = campaign.data;

  async function send() {
    if (!type || !placeId) {
      Toast.show({ content: t.mCampaigns.chooseFirst });
      return;
    }
    const photo = photos[0];
    if (!photo) {
      Toast.show({ content: t.mCampaigns.photoRequired });
      return;
    }
    setSending(true);
    try {
      // Through the outbox: on a weak signal the site waits on the phone and is sent once, when back online.
      const placeName = places.data?.items.find((x) => String(x.id) === placeId)?.name ?? '';
      await outbox.enqueue({
        kind: 'campaignSite',
        title: fmt(t.mCampaigns.outboxTitle, { type: label(t.campaignTypes, type), place: placeName }),
        path: `/campaigns/${id}/sites`,
        body: {
          problemType: type,
          placeOrgUnitId: Number(placeId),
          placeText: placeText.trim() || undefined,
          note: note.trim() || undefined,
        },
        photoField: 'photoId',
        photoSingle: true,
        photos: [photo],
      });
      Toast.show({ icon: 'success', content: navigator.onLine ? t.mCampaigns.sent : t.mCampaigns.saved });
      // Ready for the next site at the same place: a patrol often logs several in a row.
      setType(null);
      setPhotos([]);
      setNote('');
      setPlaceText('');
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setSending(false);
    }
  }

  return (
    <Screen title={t.mCampaigns.logTitle} backTo="/campaigns">
      <p className="m-hint m-pad">{c.title}</p>
      <h2 className="m-step-title">{t.mCampaigns.type}</h2>
      <div className="m-cat-grid">
        {c.problemTypes.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={type === p}
            className={`m-cat${type === p ? ' m-cat-on' : ''}`}
            onClick={() => setType(p)}
          >
            {label(t.campaignTypes, p)}
          </button>
        ))}
      </div>
      <h2 className="m-step-title">
        <label htmlFor="m-site-place">{t.mCampaigns.place}</label>
      </h2>
      <div className="m-pad">
        <select id="m-site-place" className="m-select" value={placeId} onChange={(e) => setPlaceId(e.target.value)}>
          <option value="">{t.mCampaigns.placePlaceholder}</option>
          {places.data.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <Input
          className="m-input m-site-text"
          placeholder={t.mCampaigns.placeTextPlaceholder}
          aria-label={t.mCampaigns.placeText}
          value={placeText}
          onChange={setPlaceText}
          maxLength={100}
        />
      </div>
      <h2 className="m-step-title">{t.mCampaigns.photo}</h2>
      <div className="m-pad">
        <PhotoPicker photos={photos} onChange={setPhotos} max={1} />
      </div>
      <h2 className="m-step-title">
        <label htmlFor="m-site-note">{t.mCampaigns.note}</label>
      </h2>
      <div className="m-pad">
        <TextArea id="m-site-note" className="m-textarea" value={note} onChange={setNote} maxLength={500} rows={2} />
      </div>
      <div className="m-pad">
        <Button color="primary" size="large" block className="m-big-button" loading={sending} onClick={send}>
          {t.mCampaigns.send}
        </Button>
        <Button size="large" block className="m-big-button" onClick={() => navigate('/campaigns')}>
          {t.common.back}
        </Button>
      </div>
    </Screen>
  );
}
