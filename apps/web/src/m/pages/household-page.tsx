import type { HouseholdDetail, ResidencyClaimView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Input from 'antd-mobile/es/components/input';
import List from 'antd-mobile/es/components/list';
import SearchBar from 'antd-mobile/es/components/search-bar';
import Selector from 'antd-mobile/es/components/selector';
import Tag from 'antd-mobile/es/components/tag';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { api, errorMessage, isApiError } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** The resident's own household: address and members, numbers masked. */
export default function HouseholdPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<HouseholdDetail>('/households/mine', { signal }), []);
  const h = req.data;

  let body: ReactNode;
  if (req.loading && !h) body = <SectionLoading />;
  else if (isApiError(req.error, 'NOT_FOUND'))
    body = (
      <>
        <EmptyState description={t.mobile.household.notRegistered} />
        <JoinHousehold />
      </>
    );
  else if (req.error) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (h)
    body = (
      <>
        <div className="m-card">
          <div className="m-card-label">{t.mobile.household.address}</div>
          <div className="m-card-value">{h.address}</div>
          {h.floorArea !== null && (
            <>
              <div className="m-card-label">{t.mobile.household.floorArea}</div>
              <div className="m-card-value">{fmt(t.mobile.household.areaValue, { n: h.floorArea })}</div>
            </>
          )}
        </div>
        <List
          className="m-list"
          header={`${t.mobile.household.members} · ${fmt(t.mobile.household.memberCount, { n: h.residents.length })}`}
        >
          {h.residents.map((r) => (
            <List.Item
              key={r.id}
              description={
                <span className="m-member-desc">
                  {r.phoneMasked && (
                    <span>
                      {t.mobile.household.phone} {r.phoneMasked}
                    </span>
                  )}
                  {r.idNumberMasked && (
                    <span>
                      {t.mobile.household.idNumber} {r.idNumberMasked}
                    </span>
                  )}
                </span>
              }
              extra={r.relation}
            >
              <span className="m-member-name">{r.name}</span>
              {r.birthYear !== null && (
                <span className="m-member-sub">{fmt(t.mobile.household.born, { year: r.birthYear })}</span>
              )}
              {r.careTags?.map((tag) => (
                <Tag key={tag} color="warning" fill="outline" className="m-tag">
                  {label(t.careTags, tag)}
                </Tag>
              ))}
            </List.Item>
          ))}
        </List>
        <p className="m-hint m-pad">{t.mobile.household.privacyNote}</p>
      </>
    );

  return <Screen title={t.mobile.household.title}>{body}</Screen>;
}

interface BuildingChoice {
  id: number;
  name: string;
  communityName: string | null;
  address: string | null;
}
interface Room {
  householdId: number;
  unitLabel: string | null;
  room: string;
}

/**
 * 申请加入住户: find the building, pick the room (or type it), send; the captain or the community
 * confirms it. Shows one's requests and how they were decided.
 */
function JoinHousehold() {
  const { t } = useI18n();
  const mine = useRequest(
    (signal) => api.get<{ items: ResidencyClaimView[] }>('/residency-claims/mine', { signal }),
    [],
  );
  const [q, setQ] = useState('');
  const [found, setFound] = useState<BuildingChoice[] | null>(null);
  const [building, setBuilding] = useState<BuildingChoice | null>(null);
  const [rooms, setRooms] = useState<Room[]>([]);
  const [unitLabel, setUnitLabel] = useState('');
  const [room, setRoom] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = mine.data?.items.find((c) => c.status === 'pending');

  const search = async () => {
    if (!q.trim()) return;
    setError(null);
    try {
      const r = await api.get<{ items: BuildingChoice[] }>('/residency/buildings', { query: { q: q.trim() } });
      setFound(r.items);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const choose = async (b: BuildingChoice) => {
    setBuilding(b);
    setRoom('');
    setUnitLabel('');
    try {
      setRooms((await api.get<{ items: Room[] }>(`/residency/buildings/${b.id}/rooms`)).items);
    } catch {
      setRooms([]);
    }
  };
  const submit = async () => {
    if (!building) return;
    if (!/^[0-9A-Za-z-]{1,16}$/.test(room.trim())) return setError(t.mResidency.roomRequired);
    setBusy(true);
    setError(null);
    try {
      await api.post(
        '/residency-claims',
        { buildingId: building.id, unitLabel: unitLabel.trim() || null, room: room.trim() },
        { idempotencyKey: `claim-${building.id}-${Date.now()}` },
      );
      Toast.show({ icon: 'success', content: t.mResidency.submitted });
      setBuilding(null);
      setFound(null);
      mine.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {mine.data && mine.data.items.length > 0 && (
        <List className="m-list" header={t.mResidency.myRequests}>
          {mine.data.items.map((c) => (
            <List.Item
              key={c.id}
              description={c.reason ?? undefined}
              extra={
                <Tag color={c.status === 'rejected' ? 'danger' : c.status === 'confirmed' ? 'success' : 'warning'}>
                  {t.mResidency.status[c.status]}
                </Tag>
              }
            >
              {c.buildingName} {c.unitLabel ?? ''}
              {c.room ?? ''}
            </List.Item>
          ))}
        </List>
      )}
      {!pending && (
        <section className="m-card" aria-labelledby="m-join">
          <h2 id="m-join" className="m-similar-title">
            {t.mResidency.joinTitle}
          </h2>
          <p className="m-hint">{t.mResidency.joinHint}</p>
          {error && (
            <div className="m-form-error" role="alert">
              {error}
            </div>
          )}
          {!building ? (
            <>
              <SearchBar
                placeholder={t.mResidency.searchBuilding}
                value={q}
                onChange={setQ}
                onSearch={search}
                aria-label={t.mResidency.searchBuilding}
              />
              <Button size="large" block className="m-top-gap" onClick={search}>
                {t.common.search}
              </Button>
              {found && found.length === 0 && <p className="m-hint">{t.mResidency.noBuildings}</p>}
              {found && found.length > 0 && (
                <List className="m-list">
                  {found.map((b) => (
                    <List.Item
                      key={b.id}
                      clickable
                      onClick={() => choose(b)}
                      description={b.communityName ?? b.address}
                    >
                      {b.name}
                    </List.Item>
                  ))}
                </List>
              )}
            </>
          ) : (
            <>
              <div className="m-card-value">{building.name}</div>
              <div className="m-label">{t.mResidency.chooseRoom}</div>
              {rooms.length > 0 && (
                <Selector
                  columns={4}
                  options={rooms.map((r) => ({ label: `${r.unitLabel ?? ''}${r.room}`, value: String(r.householdId) }))}
                  value={rooms
                    .filter((r) => r.room === room && (r.unitLabel ?? '') === unitLabel)
                    .map((r) => String(r.householdId))}
                  onChange={(v) => {
                    const r = rooms.find((x) => String(x.householdId) === v[0]);
                    if (r) {
                      setRoom(r.room);
                      setUnitLabel(r.unitLabel ?? '');
                    }
                  }}
                />
              )}
              <div className="m-field">
                <label className="m-label" htmlFor="m-join-unit">
                  {t.mResidency.unitLabel}
                </label>
                <Input id="m-join-unit" className="m-input" value={unitLabel} onChange={setUnitLabel} maxLength={16} />
              </div>
              <div className="m-field">
                <label className="m-label" htmlFor="m-join-room">
                  {t.mResidency.room}
                </label>
                <Input
                  id="m-join-room"
                  className="m-input"
                  placeholder={t.mResidency.roomPlaceholder}
                  value={room}
                  onChange={setRoom}
                  maxLength={16}
                />
              </div>
              <div className="m-outbox-actions">
                <Button size="large" onClick={() => setBuilding(null)}>
                  {t.common.back}
                </Button>
                <Button size="large" color="primary" loading={busy} onClick={submit}>
                  {t.mResidency.submit}
                </Button>
              </div>
            </>
          )}
        </section>
      )}
    </>
  );
}
