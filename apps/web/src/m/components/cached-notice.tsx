import { shortAt } from '../../common/dates';
import { fmt, useI18n } from '../../common/i18n';

/** Says the screen shows what was saved on the phone, and from when, because the server cannot be reached. */
export function CachedNotice({ at }: { at: number | null }) {
  const { t } = useI18n();
  if (at === null) return null;
  return (
    <p className="m-cached" role="status" data-testid="cached-notice">
      {fmt(t.mobile.cachedAt, { at: shortAt(at) })}
    </p>
  );
}
