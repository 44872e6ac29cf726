import { Link } from 'react-router-dom';
import { fmt, useI18n } from '../../common/i18n';
import { useOutbox } from '../outbox/use-outbox';
import { Icon } from './icon';

/** A pill at the bottom: "待发送 N" while anything waits, "N 条发送失败" when the server refused one. */
export function OutboxBadge() {
  const { t } = useI18n();
  const items = useOutbox();
  const waiting = items.filter((i) => i.state === 'pending' || i.state === 'sending').length;
  const failed = items.filter((i) => i.state === 'failed').length;
  if (waiting === 0 && failed === 0) return null;
  return (
    <div role="status">
      <Link to="/outbox" className={`m-outbox-badge${failed ? ' m-outbox-badge-failed' : ''}`}>
        <Icon name="UploadOutline" />
        {waiting > 0 && <span>{fmt(t.mOutbox.waiting, { n: waiting })}</span>}
        {failed > 0 && <span>{fmt(t.mOutbox.failedCount, { n: failed })}</span>}
      </Link>
    </div>
  );
}
