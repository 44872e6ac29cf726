import type { BallotChoice, BallotVia } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Toast from 'antd-mobile/es/components/toast';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { PhotoPicker } from '../components/photo-picker';
import { uploadPhoto } from '../components/upload-photo';
import { ballotText } from './proposal-page';

interface RollItem {
  householdId: number;
  address: string;
  areaM2: number;
  ballot: { choice: BallotChoice | null; option: number | null; via: BallotVia; castByName: string } | null;
}

/** The captain's entry: every household on the roll; a paper ballot only with the photo of the signed form. */
export function ProposalRoll({
  id,
  options,
  onSaved,
}: {
  id: number;
  /** The proposal's own options; empty: 同意/反对/弃权. */
  options: readonly string[];
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const d = t.deliberation;
  const roll = useRequest((signal) => api.get<{ items: RollItem[] }>(`/proposals/${id}/roll`, { signal }), [id]);
  const [editing, setEditing] = useState<number | null>(null);
  const [via, setVia] = useState<BallotVia>('paper');
  const [choice, setChoice] = useState<BallotChoice>('agree');
  const [option, setOption] = useState(0);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [saving, setSaving] = useState(false);

  async function save(householdId: number) {
    if (via === 'paper' && !photos[0]) {
      Toast.show({ content: d.formPhotoRequired });
      return;
    }
    setSaving(true);
    try {
      const formPhotoId = via === 'paper' && photos[0] ? await uploadPhoto(photos[0]) : undefined;
      await api.post(`/proposals/${id}/ballots`, {
        householdId,
        ...(options.length > 0 ? { option } : { choice }),
        via,
        formPhotoId,
      });
      setEditing(null);
      setPhotos([]);
      roll.reload();
      onSaved();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="m-card" data-testid="roll">
      <div className="m-card-label">{d.roll}</div>
      <ul className="m-roll">
        {roll.data?.items.map((h) => (
          <li key={h.householdId} data-testid="roll-row">
            <button
              type="button"
              className="m-roll-row"
              onClick={() => setEditing(editing === h.householdId ? null : h.householdId)}
            >
              <span>{h.address}</span>
              <span className="m-hint">{fmt(d.area, { n: h.areaM2.toFixed(2) })}</span>
              <span>
                {h.ballot ? `${ballotText(options, h.ballot, d.choices)} · ${label(d.vias, h.ballot.via)}` : d.notVoted}
              </span>
            </button>
            {editing === h.householdId && (
              <div className="m-roll-edit">
                <div className="m-hint">{fmt(d.enterFor, { address: h.address })}</div>
                <label>
                  {d.via}{' '}
                  <select className="m-select" value={via} onChange={(e) => setVia(e.target.value as BallotVia)}>
                    <option value="paper">{d.vias.paper}</option>
                    <option value="door_to_door">{d.vias.door_to_door}</option>
                  </select>
                </label>
                {options.length > 0 && (
                  <div className="m-vote-options">
                    {options.map((o, i) => (
                      <Button key={o} block color={option === i ? 'primary' : 'default'} onClick={() => setOption(i)}>
                        {o}
                      </Button>
                    ))}
                  </div>
                )}
                {options.length === 0 && (
                  <div className="m-vote-buttons">
                    {(['agree', 'against', 'abstain'] as const).map((c) => (
                      <Button key={c} color={choice === c ? 'primary' : 'default'} onClick={() => setChoice(c)}>
                        {label(d.choices, c)}
                      </Button>
                    ))}
                  </div>
                )}
                {via === 'paper' && <PhotoPicker photos={photos} onChange={setPhotos} max={1} label={d.formPhoto} />}
                <Button color="primary" block loading={saving} onClick={() => save(h.householdId)}>
                  {d.save}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
