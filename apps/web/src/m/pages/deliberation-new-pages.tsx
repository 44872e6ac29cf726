import type { FundSplit, FundView, ProposalRule, ProposalView } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Input from 'antd-mobile/es/components/input';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage, newIdempotencyKey } from '../../common/api';
import { useAuth } from '../../common/auth';
import { label, useI18n } from '../../common/i18n';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { uploadPhoto } from '../components/upload-photo';

const RULES: ProposalRule[] = [
  'civil_code_major',
  'civil_code_ordinary',
  'informal_majority',
  'informal_two_thirds',
  'informal_unanimous',
];

/** Options typed one per line (blank lines dropped). */
export const optionLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The captain's buildings, to put a vote or a fund to. */
function useMyBuildings() {
  const { user } = useAuth();
  return (user?.roles ?? []).filter((r) => r.role === 'captain' && r.orgKind === 'building');
}

type Building = ReturnType<typeof useMyBuildings>[number];

/** The building a vote or a fund is put to, with its label (`id` ties them). */
function BuildingField({
  id,
  buildings,
  value,
  onChange,
}: {
  id: string;
  buildings: Building[];
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="m-card-label" htmlFor={id}>
        {t.deliberation.console.building}
      </label>
      <select id={id} className="m-select" value={value} onChange={(e) => onChange(e.target.value)}>
        {buildings.map((b) => (
          <option key={b.orgUnitId} value={b.orgUnitId}>
            {b.orgUnitName}
          </option>
        ))}
      </select>
    </>
  );
}

/** Runs a form's submission once at a time; a refusal is shown as a toast and the form stays filled in. */
function useSubmit(submit: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  async function send() {
    setBusy(true);
    try {
      await submit();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, send };
}

/** 发起议题: building, title, description, rule, days until the deadline, a photo of the quote or drawing. */
export function NewProposalPage() {
  const { t } = useI18n();
  const d = t.deliberation;
  const navigate = useNavigate();
  const buildings = useMyBuildings();
  const [buildingId, setBuildingId] = useState(String(buildings[0]?.orgUnitId ?? ''));
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [rule, setRule] = useState<ProposalRule>('civil_code_major');
  const [days, setDays] = useState('7');
  const [optionsText, setOptionsText] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [key] = useState(newIdempotencyKey);
  const informal = rule.startsWith('informal');

  const { busy, send } = useSubmit(async () => {
    const options = informal ? optionLines(optionsText) : [];
    const attachmentPhotoIds = photos[0] ? [await uploadPhoto(photos[0])] : [];
    const deadline = new Date(Date.now() + Math.max(1, Number(days) || 7) * 86_400_000).toISOString();
    const p = await api.create<ProposalView>(
      '/proposals',
      {
        scopeOrgUnitId: Number(buildingId),
        title: title.trim(),
        description: description.trim(),
        rule,
        deadline,
        attachmentPhotoIds,
        options,
      },
      { idempotencyKey: key },
    );
    navigate(`/proposals/${p.id}`, { replace: true });
  });

  return (
    <Screen title={d.newProposal} backTo="/deliberation">
      <div className="m-pad m-form">
        <BuildingField id="np-building" buildings={buildings} value={buildingId} onChange={setBuildingId} />
        <Input
          className="m-input"
          aria-label={d.console.title}
          placeholder={d.console.title}
          value={title}
          onChange={setTitle}
        />
        <TextArea
          className="m-textarea"
          aria-label={d.description}
          placeholder={d.description}
          value={description}
          onChange={setDescription}
          rows={4}
        />
        <label className="m-card-label" htmlFor="np-rule">
          {d.console.rule}
        </label>
        <select
          id="np-rule"
          className="m-select"
          value={rule}
          onChange={(e) => setRule(e.target.value as ProposalRule)}
        >
          {RULES.map((r) => (
            <option key={r} value={r}>
              {label(d.rules, r)}
            </option>
          ))}
        </select>
        {informal && (
          <>
            <TextArea
              className="m-textarea"
              aria-label={d.options}
              placeholder={d.options}
              value={optionsText}
              onChange={setOptionsText}
              rows={3}
            />
            <div className="m-hint">{d.optionsHint}</div>
          </>
        )}
        <Input
          className="m-input"
          aria-label={d.days}
          placeholder={d.days}
          inputMode="numeric"
          value={days}
          onChange={setDays}
        />
        <PhotoPicker photos={photos} onChange={setPhotos} max={1} label={d.attachments} />
        <Button color="primary" size="large" block className="m-big-button" loading={busy} onClick={send}>
          {d.publish}
        </Button>
      </div>
    </Screen>
  );
}

/** 发起集资: building, title, the notice, total in yuan, how to split, the contractor's quote with its photo. */
export function NewFundPage() {
  const { t } = useI18n();
  const d = t.deliberation;
  const navigate = useNavigate();
  const buildings = useMyBuildings();
  const [buildingId, setBuildingId] = useState(String(buildings[0]?.orgUnitId ?? ''));
  const [title, setTitle] = useState('');
  const [notice, setNotice] = useState('');
  const [total, setTotal] = useState('');
  const [split, setSplit] = useState<FundSplit>('equal');
  const [contractor, setContractor] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [key] = useState(newIdempotencyKey);

  const { busy, send } = useSubmit(async () => {
    const totalFen = Math.round(Number(total) * 100);
    const photoId = photos[0] ? await uploadPhoto(photos[0]) : undefined;
    const quotes = contractor.trim() ? [{ contractor: contractor.trim(), amountFen: totalFen, photoId }] : [];
    const f = await api.create<FundView>(
      '/funds',
      { buildingId: Number(buildingId), title: title.trim(), notice: notice.trim(), totalFen, split, quotes },
      { idempotencyKey: key },
    );
    navigate(`/funds/${f.id}`, { replace: true });
  });

  return (
    <Screen title={d.newFund} backTo="/deliberation">
      <div className="m-pad m-form">
        <BuildingField id="nf-building" buildings={buildings} value={buildingId} onChange={setBuildingId} />
        <Input
          className="m-input"
          aria-label={d.console.title}
          placeholder={d.console.title}
          value={title}
          onChange={setTitle}
        />
        <TextArea
          className="m-textarea"
          aria-label={d.notice}
          placeholder={d.notice}
          value={notice}
          onChange={setNotice}
          rows={4}
        />
        <Input
          className="m-input"
          aria-label={d.totalYuan}
          placeholder={d.totalYuan}
          inputMode="decimal"
          value={total}
          onChange={setTotal}
        />
        <label className="m-card-label" htmlFor="nf-split">
          {d.splitLabel}
        </label>
        <select
          id="nf-split"
          className="m-select"
          value={split}
          onChange={(e) => setSplit(e.target.value as FundSplit)}
        >
          <option value="equal">{d.split.equal}</option>
          <option value="area">{d.split.area}</option>
        </select>
        <Input
          className="m-input"
          aria-label={d.contractor}
          placeholder={d.contractor}
          value={contractor}
          onChange={setContractor}
        />
        <PhotoPicker photos={photos} onChange={setPhotos} max={1} label={d.quotePhoto} />
        <Button color="primary" size="large" block className="m-big-button" loading={busy} onClick={send}>
          {d.publish}
        </Button>
      </div>
    </Screen>
  );
}
