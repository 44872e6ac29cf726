import type { DiaryEntryView, TeamView } from '@louzhang/contracts';
import { shanghaiDay } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Dialog from 'antd-mobile/es/components/dialog';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, newIdempotencyKey } from '../../common/api';
import { label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';
import { uploadPhoto } from '../components/upload-photo';

type Party = { name: string; phone: string | null; role: string | null };

/** 志愿日记: my entries and my teams' (和事佬 records), parties masked; the author opens them for a stated reason. */
export function DiaryPage() {
  const { t } = useI18n();
  const d = t.diary;
  const req = useRequest((signal) => api.get<{ items: DiaryEntryView[] }>('/volunteer-diary', { signal }), []);
  const items = req.data?.items;
  let body: ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={d.none} />;
  else body = items.map((e) => <DiaryCard key={e.id} entry={e} />);
  return (
    <Screen title={d.title} backTo="/volunteer">
      <div className="m-pad">
        <Link to="/diary/new" className="m-link-row" data-testid="m-diary-write">
          {d.write} ›
        </Link>
      </div>
      {body}
    </Screen>
  );
}

function DiaryCard({ entry: e }: { entry: DiaryEntryView }) {
  const { t } = useI18n();
  const d = t.diary;
  async function reveal() {
    let purpose = '';
    const ok = await Dialog.confirm({
      title: d.reveal,
      content: (
        <label className="m-field">
          <span>{d.purpose}</span>
          <input onChange={(ev) => (purpose = ev.target.value)} />
        </label>
      ),
    });
    if (!ok) return;
    if (purpose.trim().length < 2) {
      Toast.show({ content: d.purposeRequired });
      return;
    }
    try {
      const r = await api.post<{ parties: Party[] }>(`/volunteer-diary/${e.id}/reveal`, { purpose: purpose.trim() });
      await Dialog.alert({
        title: d.revealed,
        content: (
          <ul data-testid="m-diary-parties-full">
            {r.parties.map((p) => (
              <li key={`${p.name}${p.phone}`}>{[p.name, p.phone, p.role].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        ),
        confirmText: d.close,
      });
    } catch (err) {
      Toast.show({ content: errorMessage(err) });
    }
  }
  return (
    <section className="m-card" data-testid={`m-diary-${e.id}`}>
      <div className="m-outbox-title">{e.title}</div>
      <div className="m-hint">
        {e.occurredOn} · {label(d.kinds, e.kind)} · {e.volunteerName}
        {e.teamName ? ` · ${e.teamName}` : ''}
      </div>
      <p style={{ whiteSpace: 'pre-wrap' }}>{e.body}</p>
      {e.photoIds.length > 0 && (
        <div className="m-photo-row">
          {e.photoIds.map((id) => (
            <a key={id} href={`/api/v1/photos/${id}`} target="_blank" rel="noreferrer">
              <img className="m-notice-attachment" src={`/api/v1/photos/${id}?thumb=1`} alt={d.photos} />
            </a>
          ))}
        </div>
      )}
      {e.parties.length > 0 && (
        <>
          <div className="m-hint" data-testid="m-diary-parties">
            {e.parties.map((p) => [p.name, p.phone, p.role].filter(Boolean).join(' ')).join('；')}
          </div>
          <Button size="small" fill="none" onClick={reveal}>
            {d.reveal}
          </Button>
        </>
      )}
    </section>
  );
}

/** 写日记: what happened, when, photos, and the parties (encrypted at rest, shown masked). */
export function NewDiaryPage() {
  const { t } = useI18n();
  const d = t.diary;
  const navigate = useNavigate();
  const teams = useRequest((signal) => api.get<{ items: TeamView[] }>('/volunteer-teams', { signal }), []);
  const [kind, setKind] = useState<'mediation' | 'service'>('mediation');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [occurredOn, setOccurredOn] = useState(() => shanghaiDay(Date.now()));
  const [teamId, setTeamId] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [parties, setParties] = useState<{ name: string; phone: string; role: string }[]>([
    { name: '', phone: '', role: '' },
  ]);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const setParty = (i: number, k: 'name' | 'phone' | 'role', v: string) =>
    setParties(parties.map((p, j) => (j === i ? { ...p, [k]: v } : p)));

  async function save() {
    setBusy(true);
    try {
      const photoIds: number[] = [];
      for (const p of photos) photoIds.push(await uploadPhoto(p));
      await api.create(
        '/volunteer-diary',
        {
          kind,
          title: title.trim(),
          body: body.trim(),
          occurredOn,
          photoIds,
          ...(teamId ? { teamId: Number(teamId) } : {}),
          parties: parties
            .filter((p) => p.name.trim())
            .map((p) => ({
              name: p.name.trim(),
              ...(p.phone.trim() ? { phone: p.phone.trim() } : {}),
              ...(p.role.trim() ? { role: p.role.trim() } : {}),
            })),
        },
        { idempotencyKey: key },
      );
      Toast.show({ icon: 'success', content: d.saved });
      navigate('/diary', { replace: true });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen title={d.write} backTo="/diary">
      <section className="m-card" data-testid="m-diary-form">
        <label className="m-field">
          <span>{d.kind}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'mediation' | 'service')}>
            <option value="mediation">{d.kinds.mediation}</option>
            <option value="service">{d.kinds.service}</option>
          </select>
        </label>
        <label className="m-field">
          <span>{d.entryTitle}</span>
          <input value={title} maxLength={60} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="m-field">
          <span>{d.occurredOn}</span>
          <input type="date" value={occurredOn} onChange={(e) => setOccurredOn(e.target.value)} />
        </label>
        <label className="m-field">
          <span>{d.body}</span>
          <textarea rows={5} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
        </label>
        {(teams.data?.items.length ?? 0) > 0 && (
          <label className="m-field">
            <span>{d.team}</span>
            <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">{d.noTeam}</option>
              {teams.data?.items.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <PhotoPicker photos={photos} onChange={setPhotos} max={9} label={d.photos} />
        <div className="m-card-label">{d.parties}</div>
        {parties.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are only appended, never reordered
          <div key={i} className="m-diary-party">
            <label className="m-field">
              <span>{d.partyName}</span>
              <input value={p.name} maxLength={20} onChange={(e) => setParty(i, 'name', e.target.value)} />
            </label>
            <label className="m-field">
              <span>{d.partyPhone}</span>
              <input
                inputMode="tel"
                value={p.phone}
                maxLength={11}
                onChange={(e) => setParty(i, 'phone', e.target.value)}
              />
            </label>
            <label className="m-field">
              <span>{d.partyRole}</span>
              <input value={p.role} maxLength={20} onChange={(e) => setParty(i, 'role', e.target.value)} />
            </label>
          </div>
        ))}
        {parties.length < 6 && (
          <Button block onClick={() => setParties([...parties, { name: '', phone: '', role: '' }])}>
            {d.addParty}
          </Button>
        )}
        <Button color="primary" size="large" block className="m-big-button" loading={busy} onClick={save}>
          {d.save}
        </Button>
      </section>
    </Screen>
  );
}
