import type { SmsOutboxPage as Page } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import { Alert, Button, Card, Space, Table } from 'antd';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { PageError } from '../components/page-state';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';

/** 短信发件箱: SMS the embedded mode keeps instead of sending (sign-in codes …), newest first. Admins only. */
export default function SmsOutboxPage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useRequest((signal) => api.get<Page>(EP.smsOutbox, { signal }), []);
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.outbox.title}</h1>
        <Space>
          <Button onClick={reload}>{t.outbox.refresh}</Button>
          <ExportButton path={`${EP.smsOutbox}/export`} query={{}} fileName={`${t.lists.sheets.smsOutbox}.xlsx`} />
        </Space>
      </div>
      <Alert type="info" showIcon title={t.outbox.intro} style={{ marginBottom: 16 }} />
      {error ? (
        <PageError error={error} onRetry={reload} />
      ) : (
        <Card>
          <Table
            rowKey={(r) => `${r.createdAt}-${r.phone}-${r.text}`}
            loading={loading}
            dataSource={data?.items ?? []}
            pagination={{ pageSize: 50 }}
            locale={{ emptyText: t.outbox.empty }}
            columns={[
              {
                title: t.outbox.createdAt,
                dataIndex: 'createdAt',
                width: 200,
                render: (v: string) => formatShanghaiDateTime(v),
              },
              { title: t.outbox.phone, dataIndex: 'phone', width: 140, className: 'lz-sms-phone' },
              { title: t.outbox.text, dataIndex: 'text', className: 'lz-sms-text' },
            ]}
          />
        </Card>
      )}
    </>
  );
}
