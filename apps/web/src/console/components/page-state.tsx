import { CloseCircleFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { errorMessage } from '../../common/api';
import { useI18n } from '../i18n';

/**
 * Loading and error states, the same everywhere in the console. Drawn without antd: they show before
 * antd's code and stylesheet have arrived (the first screens, a page's chunk still on its way).
 */

export function FullPageLoading() {
  return (
    <div className="lz-center lz-full">
      <Spinner large />
    </div>
  );
}

export function SectionLoading() {
  return (
    <div className="lz-center lz-section">
      <Spinner />
    </div>
  );
}

function Spinner({ large }: { large?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={large ? 'lz-spinner lz-spinner-large' : 'lz-spinner'} role="status">
      <span className="lz-spinner-ring" aria-hidden />
      <span className="lz-spinner-text">{t.common.loading}</span>
    </div>
  );
}

export function PageError({
  error,
  onRetry,
  fullPage,
  extra,
}: {
  error: unknown;
  onRetry?: () => void;
  fullPage?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  // Drawn here rather than with antd's Result, whose module carries large illustrations: this is on the
  // first screen of every page, where each kilobyte counts on a slow phone line.
  return (
    <div className={fullPage ? 'lz-center lz-full' : undefined} role="alert">
      <div className="lz-error">
        <CloseCircleFilled className="lz-error-icon" aria-hidden />
        <div className="lz-error-title">{t.common.errorTitle}</div>
        <div className="lz-error-detail">{errorMessage(error)}</div>
        {onRetry || extra ? (
          <div className="lz-error-actions">
            {onRetry ? (
              <button type="button" className="lz-btn lz-btn-primary" onClick={onRetry}>
                {t.common.retry}
              </button>
            ) : null}
            {extra}
          </div>
        ) : null}
      </div>
    </div>
  );
}
