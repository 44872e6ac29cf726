import type { ResidencyClaimView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Input from 'antd-mobile/es/components/input';
import Toast from 'antd-mobile/es/components/toast';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, useI18n } from '../../common/i18n';

const ROOM = /^[0-9A-Za-z-]{1,16}$/;

/**
 * One 待确认住户 request, for the captain or staff: who asks, the room they gave, the registry's
 * household with the same phone when there is one; confirm with the room (one tap when it is known)
 * or say why not.
 */
export function ResidencyConfirm({
  claim,
  onDone,
  linkReport = true,
}: {
  claim: ResidencyClaimView;
  onDone: () => void;
  /** Off when shown on the report itself. */
  linkReport?: boolean;
}) {
  const { t } = useI18n();
  const m = claim.registryMatch;
  const [unitLabel, setUnitLabel] = useState(m?.unitLabel ?? claim.unitLabel ?? '');
  const [room, setRoom] = useState(m?.room ?? claim.room ?? '');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = (u: string | null, r: string) => `${u ?? ''}${r}`;

  async function run(path: string, body: unknown, done: string) {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/residency-claims/${claim.id}/${path}`, body);
      Toast.show({ icon: 'success', content: done });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const confirm = () => {
    const r = room.trim();
    if (!ROOM.test(r)) return setError(t.mResidency.roomRequired);
    const sameAsMatch = m && r === m.room && (unitLabel.trim() || null) === m.unitLabel;
    const body = sameAsMatch ? { householdId: m.householdId } : { unitLabel: unitLabel.trim() || null, room: r };
    return run('confirm', body, fmt(t.mResidency.confirmed, { room: label(unitLabel.trim() || null, r) }));
  };

  return (
    <section className="m-card m-claim" aria-label={claim.userName} data-testid={`claim-${claim.id}`}>
      <div className="m-outbox-row">
        <strong className="m-member-name">{claim.userName}</strong>
        <span className="m-hint">{claim.phoneMasked}</span>
      </div>
      <div className="m-hint">
        {claim.buildingName} · {claim.source === 'report' ? t.mResidency.fromReport : t.mResidency.fromApp}
        {linkReport && claim.reportId !== null && (
          <>
            {' · '}
            <Link to={`/reports/${claim.reportId}`}>{t.mResidency.viewReport}</Link>
          </>
        )}
      </div>
      {claim.room && (
        <div className="m-hint">{fmt(t.mResidency.asked, { room: label(claim.unitLabel, claim.room) })}</div>
      )}
      {m && (
        <div className="m-hint m-match">{fmt(t.mResidency.registryMatch, { room: label(m.unitLabel, m.room) })}</div>
      )}
      {error && (
        <div className="m-form-error" role="alert">
          {error}
        </div>
      )}
      {rejecting ? (
        <>
          <label className="m-label" htmlFor={`m-reason-${claim.id}`}>
            {t.mResidency.rejectReason}
          </label>
          <Input
            id={`m-reason-${claim.id}`}
            className="m-input"
            placeholder={t.mResidency.rejectPlaceholder}
            value={reason}
            onChange={setReason}
            maxLength={200}
          />
          <div className="m-outbox-actions">
            <Button size="large" onClick={() => setRejecting(false)}>
              {t.common.cancel}
            </Button>
            <Button
              size="large"
              color="danger"
              loading={busy}
              onClick={() =>
                reason.trim().length < 2
                  ? setError(t.mResidency.reasonRequired)
                  : run('reject', { reason: reason.trim() }, t.mResidency.rejected)
              }
            >
              {t.mResidency.reject}
            </Button>
          </div>
        </>
      ) : (
        <>
          <div className="m-claim-address">
            <div className="m-field">
              <label className="m-label" htmlFor={`m-unit-${claim.id}`}>
                {t.mResidency.unitLabel}
              </label>
              <Input
                id={`m-unit-${claim.id}`}
                className="m-input"
                value={unitLabel}
                onChange={setUnitLabel}
                maxLength={16}
              />
            </div>
            <div className="m-field">
              <label className="m-label" htmlFor={`m-room-${claim.id}`}>
                {t.mResidency.room}
              </label>
              <Input
                id={`m-room-${claim.id}`}
                className="m-input"
                placeholder={t.mResidency.roomPlaceholder}
                value={room}
                onChange={setRoom}
                maxLength={16}
              />
            </div>
          </div>
          <div className="m-outbox-actions">
            <Button size="large" color="primary" loading={busy} onClick={confirm}>
              {t.mResidency.confirm}
            </Button>
            <Button size="large" fill="outline" onClick={() => setRejecting(true)}>
              {t.mResidency.reject}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
