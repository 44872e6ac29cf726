import Button from 'antd-mobile/es/components/button';
import Tag from 'antd-mobile/es/components/tag';
import { shortAt } from '../../common/dates';
import { fmt, useI18n } from '../../common/i18n';
import { Screen } from '../components/screen';
import { EmptyState } from '../components/screen-state';
import type { OutboxItem } from '../outbox/outbox';
import { outbox } from '../outbox/outbox';
import { useOutbox } from '../outbox/use-outbox';

const TAG: Record<OutboxItem['state'], 'default' | 'primary' | 'success' | 'danger'> = {
  pending: 'default',
  sending: 'primary',
  sent: 'success',
  failed: 'danger',
};

/** What the phone still has to send, what it sent, and what the server refused (with its words). */
export default function OutboxPage() {
  const { t } = useI18n();
  const items = useOutbox();
  const waiting = items.filter((i) => i.state === 'pending' || i.state === 'sending').length;
  const failed = items.filter((i) => i.state === 'failed').length;
  return (
    <Screen title={t.mOutbox.title}>
      {waiting > 0 || failed > 0 ? (
        <p className="m-hint m-pad">
          {waiting > 0 ? fmt(t.mOutbox.waitingHint, { n: waiting }) : t.mOutbox.failedHint}
        </p>
      ) : (
        // Nothing left to send; what went out lately stays listed below as 已发送.
        <EmptyState description={t.mOutbox.empty} />
      )}
      {[...items].reverse().map((it) => (
        <div key={it.key} className="m-card m-outbox-item" data-state={it.state}>
          <div className="m-outbox-row">
            <span className="m-outbox-title">{it.title}</span>
            <Tag color={TAG[it.state]} className="m-tag">
              {t.mOutbox.states[it.state]}
            </Tag>
          </div>
          <div className="m-hint">
            {shortAt(it.createdAt)}
            {it.photos.length > 0 && ` · ${fmt(t.mOutbox.photos, { n: it.photos.length })}`}
          </div>
          {it.state === 'pending' && it.lastError && (
            <div className="m-hint">{fmt(t.mOutbox.willRetry, { error: it.lastError.message })}</div>
          )}
          {it.state === 'failed' && (
            <>
              <div className="m-form-error" role="alert">
                {it.lastError?.message ?? t.common.unexpectedError}
              </div>
              <div className="m-outbox-actions">
                <Button size="large" color="primary" onClick={() => void outbox.retry(it.key)}>
                  {t.mOutbox.retry}
                </Button>
                <Button size="large" onClick={() => void outbox.remove(it.key)}>
                  {t.mOutbox.discard}
                </Button>
              </div>
            </>
          )}
          {it.state === 'pending' && (
            <Button size="large" block fill="outline" onClick={() => void outbox.retry(it.key)}>
              {t.mOutbox.sendNow}
            </Button>
          )}
        </div>
      ))}
    </Screen>
  );
}
