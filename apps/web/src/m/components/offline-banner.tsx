import { useSyncExternalStore } from 'react';
import { useI18n } from '../../common/i18n';

function subscribe(cb: () => void) {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

/** Says so when the phone has no signal; screens keep what they already loaded. */
export function OfflineBanner() {
  const { t } = useI18n();
  const online = useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
  if (online) return null;
  return (
    <div className="m-offline-bar" role="status">
      {t.mobile.offline}
    </div>
  );
}
