import Button from 'antd-mobile/es/components/button';
import Tag from 'antd-mobile/es/components/tag';
import TextArea from 'antd-mobile/es/components/text-area';
import Toast from 'antd-mobile/es/components/toast';
import { useEffect, useState } from 'react';
import { errorMessage, getPage } from '../../common/api';
import { shortAt } from '../../common/dates';
import { fmt, useI18n } from '../../common/i18n';
import type { ChoreTask } from '../api-types';
import { CachedNotice } from '../components/cached-notice';
import { PhotoPicker } from '../components/photo-picker';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';
import { useCachedRequest } from '../offline/use-cached-request';
import { outbox } from '../outbox/outbox';
import { useOutbox } from '../outbox/use-outbox';

const STATUS_COLOR: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  open: 'default',
  claimed: 'primary',
  submitted: 'warning',
  rejected: 'danger',
  approved: 'success',
};

/**
 * 领任务: my claimed chores first (submit them with camera photos), then the ones I can claim in my
 * buildings. A submission goes through the outbox, so it is kept on the phone on a weak signal and
 * arrives exactly once; the card says "待发送" until then.
 */
export default function TasksPage() {
  const { t } = useI18n();
  const mine = useCachedRequest(
    'chores/tasks?view=mine',
    (signal) => getPage<ChoreTask>('/chores/tasks', { view: 'mine' }, null, 50, signal),
    [],
  );
  const open = useCachedRequest(
    'chores/tasks?view=open',
    (signal) => getPage<ChoreTask>('/chores/tasks', { view: 'open' }, null, 50, signal),
    [],
  );
  useEffect(
    () =>
      outbox.onSent((it) => {
        if (it.kind === 'choreSubmission' || it.kind === 'choreClaim') {
          if (it.kind === 'choreClaim') Toast.show({ icon: 'success', content: t.mChores.claimed });
          mine.reload();
          open.reload();
        }
      }),
    [mine.reload, open.reload, t],
  );

  const section = (req: typeof mine, empty: string) => {
    if (req.loading && !req.data) return <SectionLoading />;
    if (req.error && !req.data) return <ErrorState error={req.error} onRetry={req.reload} />;
    if (!req.data?.items.length) return <EmptyState description={empty} />;
    return req.data.items.map((task) => <TaskCard key={task.id} task={task} />);
  };

  return (
    <Screen title={t.mobile.tiles.tasks}>
      <CachedNotice at={mine.cachedAt ?? open.cachedAt} />
      <h2 className="m-step-title">{t.mChores.mine}</h2>
      {section(mine, t.mChores.emptyMine)}
      <h2 className="m-step-title">{t.mChores.open}</h2>
      {section(open, t.mChores.emptyOpen)}
    </Screen>
  );
}

function TaskCard({ task }: { task: ChoreTask }) {
  const { t } = useI18n();
  const waiting = useOutbox().filter(
    (i) => i.ref === `chore:${task.id}` && (i.state === 'pending' || i.state === 'sending' || i.state === 'failed'),
  );
  // The newest waiting item decides the card's tag (a queued submission after a queued claim).
  const queued = waiting[waiting.length - 1];
  // Claimed on the phone without signal: the captain may do the chore and queue the photos right away;
  // the outbox sends the claim first. (Online the claim leaves at once and the card moves to 我的任务.)
  const claimWaiting = !navigator.onLine && waiting.some((i) => i.kind === 'choreClaim' && i.state !== 'failed');
  const submissionWaiting = waiting.some((i) => i.kind === 'choreSubmission');
  const [busy, setBusy] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [before, setBefore] = useState<Blob[]>([]);
  const [after, setAfter] = useState<Blob[]>([]);
  const [note, setNote] = useState('');

  const canSubmit =
    ((task.claimedByMe && (task.status === 'claimed' || task.status === 'rejected')) ||
      (claimWaiting && task.status === 'open')) &&
    !submissionWaiting;
  const photoCount = before.length + after.length;
  const enough = task.beforeAfter ? before.length > 0 && after.length > 0 : photoCount >= task.minPhotos;

  // A claim goes through the outbox like a submission: on no signal it waits on the phone (待发送)
  // and is sent once, with its key, when the signal returns; online it leaves at once.
  async function claim() {
    setBusy(true);
    try {
      await outbox.enqueue({
        kind: 'choreClaim',
        title: fmt(t.mChores.claimOutboxTitle, { name: task.name, building: task.buildingName }),
        ref: `chore:${task.id}`,
        path: `/chores/tasks/${task.id}/claim`,
        body: {},
      });
      Toast.show({ content: navigator.onLine ? t.mChores.claiming : t.mOutbox.queued });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    setBusy(true);
    try {
      const photos = task.beforeAfter
        ? [...before.map((blob) => ({ blob, kind: 'before' })), ...after.map((blob) => ({ blob, kind: 'after' }))]
        : after.map((blob) => ({ blob, kind: 'other' }));
      await outbox.enqueue({
        kind: 'choreSubmission',
        title: fmt(t.mChores.outboxTitle, { name: task.name, building: task.buildingName }),
        ref: `chore:${task.id}`,
        path: `/chores/tasks/${task.id}/submissions`,
        body: note.trim() ? { note: note.trim() } : {},
        photoField: 'photos',
        photos,
      });
      setSubmitting(false);
      setBefore([]);
      setAfter([]);
      setNote('');
      Toast.show({ content: navigator.onLine ? t.mChores.sending : t.mOutbox.queued });
    } catch (e) {
      Toast.show({ content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="m-card m-task" data-testid={`task-${task.id}`}>
      <div className="m-outbox-row">
        <span className="m-outbox-title">{task.name}</span>
        <span className="m-task-points">{fmt(t.mChores.points, { n: task.points })}</span>
      </div>
      <div className="m-hint">
        {task.buildingName} · {fmt(t.mChores.due, { at: shortAt(task.dueAt) })}
      </div>
      <div className="m-task-tags">
        {queued ? (
          <Tag color={queued.state === 'failed' ? 'danger' : 'primary'} className="m-tag">
            {queued.state === 'failed' ? t.mOutbox.states.failed : t.mOutbox.states.pending}
          </Tag>
        ) : (
          <Tag color={STATUS_COLOR[task.status] ?? 'default'} className="m-tag">
            {t.mChores.status[task.status] ?? task.status}
          </Tag>
        )}
        {task.minPhotos > 0 && (
          <span className="m-hint">
            {task.beforeAfter ? t.mChores.beforeAfter : fmt(t.mChores.minPhotos, { n: task.minPhotos })}
          </span>
        )}
      </div>
      {queued?.state === 'failed' && <p className="m-form-error">{queued.lastError?.message}</p>}
      {task.status === 'rejected' && task.rejectReason && (
        <p className="m-reject-reason">{fmt(t.mChores.rejectReason, { reason: task.rejectReason })}</p>
      )}

      {task.status === 'open' && waiting.length === 0 && (
        <Button size="large" block color="primary" loading={busy} onClick={claim}>
          {t.mChores.claim}
        </Button>
      )}
      {canSubmit && !submitting && (
        <Button size="large" block color="primary" onClick={() => setSubmitting(true)}>
          {task.status === 'rejected' ? t.mChores.resubmit : t.mChores.submit}
        </Button>
      )}
      {canSubmit && submitting && (
        <div className="m-task-form">
          {task.beforeAfter && (
            <>
              <div className="m-card-label">{t.mChores.before}</div>
              <PhotoPicker photos={before} onChange={setBefore} max={4} label={t.mChores.takeBefore} />
            </>
          )}
          <div className="m-card-label">{task.beforeAfter ? t.mChores.after : t.mChores.photos}</div>
          <PhotoPicker photos={after} onChange={setAfter} max={task.beforeAfter ? 4 : 9} />
          <TextArea
            className="m-textarea"
            placeholder={t.mChores.notePlaceholder}
            value={note}
            onChange={setNote}
            maxLength={500}
            rows={2}
          />
          {!enough && <p className="m-hint">{t.mChores.needPhotos}</p>}
          <Button size="large" block color="primary" disabled={!enough} loading={busy} onClick={submit}>
            {t.mChores.send}
          </Button>
          <Button size="large" block fill="none" onClick={() => setSubmitting(false)}>
            {t.common.cancel}
          </Button>
        </div>
      )}
    </div>
  );
}
