import { useI18n } from '../../common/i18n';
import { Icon } from './icon';

/** One big tap target that flips between 中文 and English. */
export function LanguageToggle() {
  const { t, lang, setLang } = useI18n();
  const other = lang === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="m-lang"
      onClick={() => setLang(other)}
      aria-label={`${t.mobile.switchLanguage}: ${t.lang[other]}`}
    >
      <Icon name="GlobalOutline" /> {t.lang[other]}
    </button>
  );
}
