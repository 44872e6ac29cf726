import Button from 'antd-mobile/es/components/button';
import Popup from 'antd-mobile/es/components/popup';
import Toast from 'antd-mobile/es/components/toast';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { useAuth } from '../../common/auth';
import { fmt, useI18n } from '../../common/i18n';
import { PhotoPicker } from '../components/photo-picker';
import { QrCode } from '../components/qr-code';
import { Screen } from '../components/screen';
import { EmptyState } from '../components/screen-state';
import { uploadPhoto } from '../components/upload-photo';

/**
 * 我的楼栋: the buildings a captain looks after, each with its report QR (for the stairwell board or
 * for a neighbour to scan from the captain's phone) and shortcuts to its chores and reports.
 */
export default function BuildingsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const buildings = (user?.roles ?? []).filter((r) => r.role === 'captain');
  const [qr, setQr] = useState<{ name: string; url: string } | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);

  return (
    <Screen title={t.mobile.tiles.myBuildings}>
      {buildings.length === 0 && <EmptyState description={t.mBuildings.none} />}
      {buildings.length > 0 && <PortraitCard />}
      {buildings.map((b) => (
        <div key={b.orgUnitId} className="m-card">
          <div className="m-card-value">{b.orgUnitName}</div>
          <div className="m-outbox-actions">
            <Button
              size="large"
              color="primary"
              onClick={async () => {
                setQrError(null);
                try {
                  const r = await api.get<{ url: string }>(`/buildings/${b.orgUnitId}/report-token`);
                  setQr({ name: b.orgUnitName, url: new URL(r.url, window.location.origin).href });
                } catch (e) {
                  setQrError(errorMessage(e));
                }
              }}
            >
              {t.mBuildings.qr}
            </Button>
            <Link to="/handling" className="adm-button adm-button-large m-link-button">
              {t.mReports.titleHandling}
            </Link>
          </div>
        </div>
      ))}
      {qrError && <p className="m-form-error m-pad">{qrError}</p>}
      <Popup visible={qr !== null} onMaskClick={() => setQr(null)} bodyClassName="m-qr-popup">
        {qr && (
          <div className="m-center m-qr-body">
            <h2>{fmt(t.mBuildings.qrTitle, { name: qr.name })}</h2>
            <QrCode text={qr.url} size={260} alt={t.mBuildings.qr} />
            <p className="m-hint">{t.mBuildings.qrHint}</p>
            <Button size="large" block onClick={() => setQr(null)}>
              {t.common.close}
            </Button>
          </div>
        )}
      </Popup>
    </Screen>
  );
}

/** The captain's photo for the stairwell boards: taken on the phone, saved with one tap. */
function PortraitCard() {
  const { t } = useI18n();
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <div className="m-card">
      <div className="m-label">{t.mBuildings.portrait}</div>
      <PhotoPicker photos={photos} onChange={setPhotos} max={1} />
      <Button
        size="large"
        block
        color="primary"
        disabled={photos.length === 0}
        loading={busy}
        onClick={async () => {
          const photo = photos[0];
          if (!photo) return;
          setBusy(true);
          try {
            await api.put('/captains/me/portrait', { photoId: await uploadPhoto(photo) });
            Toast.show({ icon: 'success', content: t.mBuildings.portraitSaved });
            setPhotos([]);
          } catch (e) {
            Toast.show({ content: errorMessage(e) });
          } finally {
            setBusy(false);
          }
        }}
      >
        {t.mBuildings.savePortrait}
      </Button>
    </div>
  );
}
