import { DownloadOutlined } from '@ant-design/icons';
import type { ExportKind } from '@louzhang/contracts';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, errorMessage, type Query } from '../../common/api';
import { fmt, useI18n } from '../i18n';

/** The list's query as the background export takes it: its URL's names and values, as text. */
function filtersOf(query: Query): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).flatMap(([k, v]) => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]])),
  );
}

/**
 * 导出: the list's .xlsx of exactly what its filters show (the server streams it, masked and audited). With
 * `background`, a list too big for that (its count past the cap, or the server answering EXPORT_TOO_LARGE)
 * is exported as a background job instead, and the console opens 导出任务 to follow it.
 */
export function ExportButton({
  path,
  query,
  fileName,
  background,
}: {
  path: string;
  query: Query;
  fileName: string;
  background?: { kind: ExportKind; tooMany?: boolean };
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const startBackground = async (kind: ExportKind) => {
    await api.create('/exports', { kind, filters: filtersOf(query) });
    message.success(t.exports.started);
    navigate('/exports');
  };
  const onClick = async () => {
    setBusy(true);
    try {
      if (background?.tooMany) {
        await startBackground(background.kind);
        return;
      }
      try {
        await api.download(path, query, fileName);
        message.success(fmt(t.lists.exported, { file: fileName }));
      } catch (e) {
        if (background && e instanceof ApiError && e.code === 'EXPORT_TOO_LARGE')
          await startBackground(background.kind);
        else throw e;
      }
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
