import { GlobalOutlined } from '@ant-design/icons';
import { LOCALES, type Locale } from '../../locales';
import { useI18n } from '../i18n';

/** The language, as a native select: on the first screens, and as usable by keyboard and screen reader as any. */
export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <span className="lz-lang">
      <GlobalOutlined aria-hidden />
      <select aria-label={t.common.language} value={lang} onChange={(e) => setLang(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t.lang[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
