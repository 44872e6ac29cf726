import { Empty } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** A list or section with nothing in it, the same everywhere in the console's antd pages. */
export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t.common.empty}>
      {children}
    </Empty>
  );
}
