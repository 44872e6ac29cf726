import { CloseCircleFilled } from '@ant-design/icons';
import { Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../shared/api';
import { useI18n } from '../../shared/i18n';

/** Loading, empty and error states, the same everywhere in the console. */

export function FullPageLoading() {
  const { t } = useI18n();
  return (
    <div className="lz-center lz-full">
      <Spin size="large" description={t.common.loading} />
    </div>
  );
}

export function SectionLoading() {
  const { t } = useI18n();
  return (
    <div className="lz-center lz-section">
      <Spin description={t.common.loading} />
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
              <Button type="primary" onClick={onRetry}>
                {t.common.retry}
              </Button>
            ) : null}
            {extra}
          </div>
        ) : null}
      </div>
    </div>
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t.common.empty}>
      {children}
    </Empty>
  );
}
