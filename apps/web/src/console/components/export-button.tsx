import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { api, errorMessage, type Query } from '../../shared/api';
import { fmt, useI18n } from '../../shared/i18n';

/** 导出: the list's .xlsx of exactly what its filters show (the server streams it, masked and audited). */
export function ExportButton({ path, query, fileName }: { path: string; query: Query; fileName: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      await api.download(path, query, fileName);
      message.success(fmt(t.lists.exported, { file: fileName }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} onClick={onClick} loading={busy}>
      {busy ? t.lists.exporting : t.lists.export}
    </Button>
  );
}
