import { useI18n } from '../../common/i18n';
import { setTextSize, useTextSize } from '../text-size';

/** 大字 on and off: a toggle button beside the language switch, pressed while the large size is on. */
export function TextSizeToggle() {
  const { t } = useI18n();
  const size = useTextSize();
  const large = size === 'large';
  return (
    <button
      type="button"
      className="m-lang m-text-size"
      aria-pressed={large}
      onClick={() => setTextSize(large ? 'normal' : 'large')}
    >
      {t.mobile.largeText}
    </button>
  );
}
