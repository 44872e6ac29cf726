import type { BallotChoice, CommentList, ProposalTally, ProposalView } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Dialog from 'antd-mobile/es/components/dialog';
import Tag from 'antd-mobile/es/components/tag';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { type ReactNode, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../../common/api';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';
import { ProposalRoll } from './proposal-roll';

const CHOICES: BallotChoice[] = ['agree', 'against', 'abstain'];

/** What a ballot chose, in words: the proposal's own option, or 同意/反对/弃权. */
export function ballotText(
  options: readonly string[],
  b: { choice: BallotChoice | null; option: number | null },
  choices: Record<BallotChoice, string>,
): string {
  if (b.option !== null) return options[b.option] ?? '';
  return b.choice ? choices[b.choice] : '';
}

/**
 * One proposal: what is asked, the live tally (the published result once closed), my household's vote with three big
 * buttons, comments; the captain's entry of paper and door-to-door ballots and the close below.
 */
export default function ProposalPage() {
  const { t } = useI18n();
  const d = t.deliberation;
  const id = Number(useParams().id);
  const req = useRequest((signal) => api.get<ProposalView>(`/proposals/${id}`, { signal }), [id]);
  const p = req.data;
  const [busy, setBusy] = useState(false);

  async function vote(householdId: number, pick: BallotChoice | number) {
    setBusy(true);
    try {
      await api.post(
        `/proposals/${id}/ballots`,
        typeof pick === 'number' ? { householdId, option: pick } : { householdId, choice: pick },
      );
      const said = typeof pick === 'number' ? (p?.options[pick] ?? '') : label(d.choices, pick);
      Toast.show({ icon: 'success', content: fmt(d.voteSaved, { choice: said }) });
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  async function sendLink(resend: boolean) {
    if (!(await Dialog.confirm({ content: d.sendLinkConfirm }))) return;
    try {
      const r = await api.post<{ sent: number; alreadySent: number }>(`/proposals/${id}/send-link`, { resend });
      Toast.show({
        icon: 'success',
        content: fmt(d.linkSent, { sent: r.sent }) + (r.alreadySent ? fmt(d.linkAlready, { n: r.alreadySent }) : ''),
      });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }

  async function close() {
    if (!(await Dialog.confirm({ content: d.closeConfirm }))) return;
    try {
      await api.post(`/proposals/${id}/close`);
      Toast.show({ icon: 'success', content: d.resultPublished });
      req.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }

  let body: ReactNode;
  if (req.loading && !p) body = <SectionLoading />;
  else if (req.error && !p) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (p) {
    const open = p.status === 'open';
    body = (
      <>
        <div className="m-card">
          <div className="m-task-tags">
            <Tag color={open ? 'primary' : p.tally.passed ? 'success' : 'danger'} className="m-tag">
              {open ? d.statusOpen : p.tally.passed ? d.passed : d.failed}
            </Tag>
            <span className="m-hint">{p.scopeName}</span>
          </div>
          <h2 className="m-step-title">{p.title}</h2>
          <div className="m-hint">{label(d.rules, p.rule)}</div>
          <div className="m-hint">{fmt(d.deadline, { at: formatShanghaiDateTime(p.deadline) })}</div>
          <p className="m-notice-body" style={{ whiteSpace: 'pre-wrap' }}>
            {p.description}
          </p>
          {p.attachments.length > 0 && (
            <div className="m-photo-row">
              {p.attachments.map((a) => (
                <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                  <img className="m-notice-attachment" src={a.thumbUrl} alt={d.attachments} />
                </a>
              ))}
            </div>
          )}
        </div>
        <TallyCard tally={p.tally} />
        {(p.myHouseholds.length > 0 || !p.canManage) && <h2 className="m-step-title">{d.myVote}</h2>}
        {p.myHouseholds.length === 0 && !p.canManage && <p className="m-hint m-pad">{d.notOnRoll}</p>}
        {p.myHouseholds.map((h) => (
          <div key={h.householdId} className="m-card" data-testid="my-vote">
            <div className="m-card-label">{fmt(d.myVoteFor, { address: h.address })}</div>
            {h.ballot && (
              <div className="m-card-value" data-testid="my-ballot">
                {ballotText(p.options, h.ballot, d.choices)}
                <span className="m-hint">
                  {' '}
                  {fmt(d.castAt, { via: label(d.vias, h.ballot.via), at: formatShanghaiDateTime(h.ballot.updatedAt) })}
                </span>
              </div>
            )}
            {open && (!h.ballot || p.allowChange) && p.options.length > 0 && (
              <div className="m-vote-options">
                {p.options.map((o, i) => (
                  <Button
                    key={o}
                    size="large"
                    block
                    color={h.ballot?.option === i ? 'primary' : 'default'}
                    disabled={busy}
                    onClick={() => vote(h.householdId, i)}
                  >
                    {o}
                  </Button>
                ))}
              </div>
            )}
            {open && (!h.ballot || p.allowChange) && p.options.length === 0 && (
              <div className="m-vote-buttons">
                {CHOICES.map((c) => (
                  <Button
                    key={c}
                    size="large"
                    color={c === 'agree' ? 'success' : c === 'against' ? 'danger' : 'default'}
                    disabled={busy}
                    onClick={() => vote(h.householdId, c)}
                  >
                    {label(d.choices, c)}
                  </Button>
                ))}
              </div>
            )}
            {open && h.ballot && p.allowChange && <div className="m-hint">{d.changeHint}</div>}
          </div>
        ))}
        <Comments id={id} open={open} />
        {p.canManage && open && (
          <>
            <h2 className="m-step-title">{d.manage}</h2>
            <ProposalRoll id={id} options={p.options} onSaved={req.reload} />
            <div className="m-pad">
              <Button size="large" block className="m-big-button" onClick={() => sendLink(false)}>
                {d.sendLink}
              </Button>
              <Button size="large" block fill="none" onClick={() => sendLink(true)}>
                {d.resendLink}
              </Button>
            </div>
            <div className="m-pad">
              <Button color="danger" size="large" block className="m-big-button" onClick={close}>
                {d.close}
              </Button>
            </div>
          </>
        )}
      </>
    );
  }
  return (
    <Screen title={d.proposalTitle} backTo="/deliberation">
      {body}
    </Screen>
  );
}

/** The tally as the API gives it: households and area for eligible, took part, agree, against, abstain. */
export function TallyCard({ tally }: { tally: ProposalTally }) {
  const { t } = useI18n();
  const d = t.deliberation;
  const row = (name: string, c: { owners: number; areaM2: number }) => (
    <tr>
      <th scope="row">{name}</th>
      <td>{fmt(d.owners, { n: c.owners })}</td>
      <td>{fmt(d.area, { n: c.areaM2.toFixed(2) })}</td>
    </tr>
  );
  return (
    <div className="m-card" data-testid="tally">
      <div className="m-card-label">{d.tally}</div>
      <table className="m-tally">
        <tbody>
          {row(d.eligible, tally.eligible)}
          {row(d.voted, tally.voted)}
          {tally.options.length === 0 && row(d.choices.agree, tally.agree)}
          {tally.options.length === 0 && row(d.choices.against, tally.against)}
          {tally.options.length === 0 && row(d.choices.abstain, tally.abstain)}
          {tally.options.map((o) => (
            <tr key={o.index} data-testid="option-count">
              <th scope="row">{o.label}</th>
              <td colSpan={2}>{fmt(d.optionHouseholds, { n: o.households })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="m-hint">{tally.quorumMet ? d.quorumMet : d.quorumNotMet}</div>
      {tally.passed !== null && (
        <div className="m-card-value" data-testid="result">
          {tally.passed ? d.passed : d.failed}
          {tally.options.length > 0 && (
            <div className="m-hint">
              {tally.adoptedOption !== null
                ? fmt(d.adopted, { option: tally.options[tally.adoptedOption]?.label ?? '' })
                : d.noneAdopted}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function Comments({ id, open }: { id: number; open: boolean }) {
  const { t } = useI18n();
  const d = t.deliberation;
  const list = useRequest((signal) => api.get<CommentList>(`/proposals/${id}/comments`, { signal }), [id]);
  const [text, setText] = useState('');
  async function send() {
    if (!text.trim()) return;
    try {
      await api.create(`/proposals/${id}/comments`, { body: text.trim() });
      setText('');
      list.reload();
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    }
  }
  return (
    <>
      <h2 className="m-step-title">{d.comments}</h2>
      <div className="m-card">
        {list.data?.items.length === 0 && <div className="m-hint">{d.noComments}</div>}
        {list.data?.items.map((c) => (
          <p key={c.id} className="m-comment">
            <b>{c.authorName}</b> <span className="m-hint">{formatShanghaiDateTime(c.createdAt)}</span>
            <br />
            {c.body}
          </p>
        ))}
        {open && (
          <>
            <TextArea
              className="m-textarea"
              aria-label={d.commentPlaceholder}
              placeholder={d.commentPlaceholder}
              value={text}
              onChange={setText}
              maxLength={1000}
              rows={2}
            />
            <Button size="large" block onClick={send}>
              {d.sendComment}
            </Button>
          </>
        )}
      </div>
    </>
  );
}
