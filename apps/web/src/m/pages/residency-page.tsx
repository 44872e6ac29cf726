import type { ResidencyClaimView } from '@louzhang/contracts';
import { api } from '../../common/api';
import { useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { ResidencyConfirm } from '../components/residency-confirm';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** 待确认住户: people who reported from the stairwell QR or asked in the app, for the captain to confirm. */
export default function ResidencyPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<{ items: ResidencyClaimView[] }>('/residency-claims', { signal }), []);
  const items = req.data?.items;
  let body: React.ReactNode;
  if (req.loading && !items) body = <SectionLoading />;
  else if (req.error && !items) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (!items?.length) body = <EmptyState description={t.mResidency.empty} />;
  else body = items.map((c) => <ResidencyConfirm key={c.id} claim={c} onDone={req.reload} />);
  return <Screen title={t.mResidency.title}>{body}</Screen>;
}
