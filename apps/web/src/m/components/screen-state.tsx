import Button from 'antd-mobile/es/components/button';
import DotLoading from 'antd-mobile/es/components/dot-loading';
import ErrorBlock from 'antd-mobile/es/components/error-block';
import { errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';

/** Loading and error states of the phone app: big, plain words and one big button. */

export function FullScreenLoading() {
  const { t } = useI18n();
  return (
    <div className="m-center m-full" aria-busy="true">
      <div className="m-loading">
        <DotLoading color="primary" />
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
        <DotLoading color="primary" />
        <span>{t.common.loading}</span>
      </div>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="m-state" role="alert">
      <ErrorBlock status="default" title={t.common.errorTitle} description={errorMessage(error)} />
      {onRetry && (
        <Button color="primary" size="large" block onClick={onRetry} className="m-big-button">
          {t.common.retry}
        </Button>
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
      <ErrorBlock status="empty" title={description ?? t.common.empty} description="" />
    </div>
  );
}
