import { errorMessage } from '../../common/api';
import { useI18n } from '../../common/i18n';
import { Dots, PlainButton } from './plain';

/**
 * Loading and error states of the phone app: big, plain words and one big button. Plain elements, not
 * antd-mobile: the frame shows them before any screen's code has arrived.
 */

export function FullScreenLoading() {
  const { t } = useI18n();
  return (
    <div className="m-center m-full" aria-busy="true">
      <div className="m-loading">
        <Dots />
        <span>{t.common.loading}</span>
      </div>
    </div>
  );
}

export function SectionLoading() {
  const { t } = useI18n();
  return (
    <div className="m-center m-section" aria-busy="true">
      <div className="m-loading">
        <Dots />
        <span>{t.common.loading}</span>
      </div>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="m-state" role="alert">
      <p className="m-state-title">{t.common.errorTitle}</p>
      <p className="m-state-text">{errorMessage(error)}</p>
      {onRetry && (
        <PlainButton kind="primary" block onClick={onRetry} className="m-big-button">
          {t.common.retry}
        </PlainButton>
      )}
    </div>
  );
}

export function FullScreenError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="m-center m-full">
      <ErrorState error={error} onRetry={onRetry} />
    </div>
  );
}

export function EmptyState({ description }: { description?: string }) {
  const { t } = useI18n();
  return (
    <div className="m-state">
      <p className="m-state-title">{description ?? t.common.empty}</p>
    </div>
  );
}
