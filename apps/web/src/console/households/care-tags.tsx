import { Tag, Tooltip, Typography } from 'antd';
import { label, useI18n } from '../i18n';

const COLORS: Record<string, string> = {
  elderly_alone: 'volcano',
  empty_nest: 'orange',
  aged: 'gold',
  disabled: 'purple',
  low_income: 'blue',
  left_behind_child: 'cyan',
};

/** Care tags as coloured labels; null means the caller's role may not see them (docs/rules.md#personal-data). */
export function CareTags({ tags }: { tags: string[] | null }) {
  const { t } = useI18n();
  if (tags === null)
    return (
      <Tooltip title={t.households.hiddenTags}>
        <Typography.Text type="secondary">***</Typography.Text>
      </Tooltip>
    );
  if (tags.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
      {tags.map((tag) => (
        <Tag key={tag} color={COLORS[tag] ?? 'default'} style={{ marginBottom: 2 }}>
          {label(t.careTags, tag)}
        </Tag>
      ))}
    </>
  );
}
