import type { AuditEntryView } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import { Card, DatePicker, Input, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useCursorPages } from '../../common/use-cursor-pages';
import { CursorTable } from '../components/cursor-table';
import { ExportButton } from '../components/export-button';
import { EP } from '../endpoints';
import { fmt, useI18n } from '../i18n';

/** Which words name an action: the longest known prefix wins (resident.reveal.phone → 查看完整手机号). */
function actionLabel(labels: Record<string, string>, action: string): string {
  let best = '';
  for (const key of Object.keys(labels)) if (action.startsWith(key) && key.length > best.length) best = key;
  return best ? (labels[best] as string) : (labels[''] as string);
}

/**
 * 操作日志: who did what, when and from where — every change and every reveal of personal data, allowed or
 * refused. A street office sees its street's rows; administrators see all. Filters narrow by kind of
 * action, result, days and the object's number; the list counts what they show (共 N 条) and exports it
 * (the export itself a row of the log).
 */
export default function AuditLogPage() {
  const { t } = useI18n();
  const [action, setAction] = useState<string | undefined>();
  const [result, setResult] = useState<string | undefined>();
  const [days, setDays] = useState<[Dayjs, Dayjs] | null>(null);
  const [objectId, setObjectId] = useState<string | undefined>();
  const filters = {
    action,
    result,
    objectId,
    from: days?.[0].format('YYYY-MM-DD'),
    to: days?.[1].format('YYYY-MM-DD'),
  };
  const list = useCursorPages<AuditEntryView>(EP.auditLog, filters);
  const a = t.cAudit;
  return (
    <>
      <div className="lz-page-header">
        <h1>{a.title}</h1>
        {/* What the filters show; past the streamed cap it runs as a background export (导出任务). */}
        <ExportButton
          path={`${EP.auditLog}/export`}
          query={filters}
          fileName={`${t.lists.audit.sheet}.xlsx`}
          background={{ kind: 'audit', tooMany: list.total?.capped }}
        />
      </div>
      <Card>
        <Typography.Paragraph type="secondary">{a.intro}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<string>
            allowClear
            // Many kinds: typing narrows them (志愿 → 志愿活动).
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={a.action}
            aria-label={a.action}
            value={action}
            onChange={setAction}
            options={a.filters.map((f) => ({ value: f.value, label: f.label }))}
          />
          <Select<string>
            allowClear
            style={{ width: 120 }}
            placeholder={a.result}
            aria-label={a.result}
            value={result}
            onChange={setResult}
            options={(['ok', 'denied', 'error'] as const).map((r) => ({ value: r, label: a.results[r] }))}
          />
          <DatePicker.RangePicker
            id={{ start: 'audit-from', end: 'audit-to' }}
            onChange={(v) => setDays(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          />
          <label htmlFor="audit-from" className="lz-visually-hidden">
            {a.from}
          </label>
          <label htmlFor="audit-to" className="lz-visually-hidden">
            {a.to}
          </label>
          <Input.Search
            allowClear
            style={{ width: 200 }}
            placeholder={a.objectId}
            aria-label={a.objectId}
            onSearch={(v) => setObjectId(v.trim() || undefined)}
          />
        </Space>
        <CursorTable<AuditEntryView>
          list={list}
          rowKey="id"
          emptyText={a.empty}
          columns={[
            { title: a.at, dataIndex: 'at', width: 150, render: (v: string) => formatShanghaiDateTime(v) },
            { title: a.actor, key: 'actor', width: 120, render: (_, r) => r.actor?.name ?? a.system },
            {
              title: a.action,
              key: 'action',
              render: (_, r) => <span title={r.action}>{actionLabel(a.actions, r.action)}</span>,
            },
            {
              title: a.object,
              key: 'object',
              width: 160,
              render: (_, r) =>
                `${a.objects[r.objectType] ?? a.objects['']}${r.objectId ? ` ${fmt(a.number, { id: r.objectId })}` : ''}`,
            },
            {
              title: a.result,
              dataIndex: 'result',
              width: 90,
              render: (v: 'ok' | 'denied' | 'error') => (
                <Tag color={v === 'ok' ? 'green' : v === 'denied' ? 'orange' : 'red'}>{a.results[v]}</Tag>
              ),
            },
            {
              title: a.purpose,
              key: 'purpose',
              render: (_, r) => {
                const d = r.detail ?? {};
                const why = d.purpose ?? d.reason;
                return typeof why === 'string' ? why : '—';
              },
            },
            {
              title: a.ip,
              dataIndex: 'ip',
              width: 130,
              // An address as logged (the demo's seeding logs 'seed'), not words to translate.
              render: (ip: string | null) => (ip ? <span translate="no">{ip}</span> : '—'),
            },
          ]}
        />
      </Card>
    </>
  );
}
