import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { LOCALES, type Locale } from '../../locales';
import { useI18n } from '../../shared/i18n';

export function LanguageSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Select<Locale>
      aria-label={t.common.language}
      size={size}
      value={lang}
      onChange={setLang}
      prefix={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      options={LOCALES.map((l) => ({ value: l, label: t.lang[l] }))}
      style={{ minWidth: 110 }}
    />
  );
}
