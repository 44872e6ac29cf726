import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportResult } from '@louzhang/contracts';
import { Alert, App, Button, Modal, Result, Space, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, errorMessage, newIdempotencyKey } from '../../shared/api';
import { fmt, useI18n } from '../../shared/i18n';

/** The import report; `created` is accepted too in case the server reports creations that way. */
type Report = ImportResult & { created?: number };
type RowError = Report['errors'][number];

type Stage =
  | { step: 'pick' }
  | { step: 'checking'; file: File }
  | { step: 'report'; file: File; report: Report; commitKey: string }
  | { step: 'committing'; file: File; report: Report; commitKey: string }
  | { step: 'done'; report: Report };

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Excel import in four steps: download the template, upload, read the dry-run report, confirm.
 * The commit re-sends the same file with dryRun=false under one Idempotency-Key per checked file,
 * so a double click or a retry after a lost answer imports once.
 */
export function ImportDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [stage, setStage] = useState<Stage>({ step: 'pick' });
  const [failure, setFailure] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);

  const reset = () => {
    setStage({ step: 'pick' });
    setFailure(null);
  };
  const close = () => {
    if (stage.step === 'checking' || stage.step === 'committing') return;
    if (stage.step === 'done') onImported();
    reset();
    onClose();
  };

  const upload = (file: File, dryRun: boolean, idempotencyKey?: string) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    const query = { dryRun: dryRun ? 'true' : 'false' };
    return idempotencyKey
      ? api.create<Report>('/households/import', fd, { query, idempotencyKey })
      : api.post<Report>('/households/import', fd, { query });
  };

  const check = async (file: File) => {
    setFailure(null);
    if (!file.name.toLowerCase().endsWith('.xlsx') || file.size > MAX_BYTES) {
      setFailure(t.importer.uploadSubHint);
      return;
    }
    setStage({ step: 'checking', file });
    try {
      const report = await upload(file, true);
      setStage({ step: 'report', file, report, commitKey: newIdempotencyKey() });
    } catch (e) {
      setFailure(errorMessage(e));
      setStage({ step: 'pick' });
    }
  };

  const commit = async () => {
    if (stage.step !== 'report') return;
    setFailure(null);
    setStage({ ...stage, step: 'committing' });
    try {
      const report = await upload(stage.file, false, stage.commitKey);
      setStage({ step: 'done', report });
    } catch (e) {
      // Back to the report with the same key: retrying after a lost answer cannot import twice.
      setFailure(errorMessage(e));
      setStage({ ...stage, step: 'report' });
    }
  };

  const downloadTemplate = async () => {
    setDownloading(true);
    try {
      await api.download('/households/import-template', undefined, '住户导入模板.xlsx');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  };

  const current = stage.step === 'pick' || stage.step === 'checking' ? 1 : stage.step === 'done' ? 3 : 2;

  return (
    <Modal
      open={open}
      title={t.importer.title}
      width={820}
      onCancel={close}
      footer={footer()}
      destroyOnHidden
      maskClosable={false}
    >
      <Steps
        size="small"
        current={current}
        style={{ marginBottom: 24 }}
        items={[
          { title: t.importer.step1 },
          { title: t.importer.step2 },
          { title: t.importer.step3 },
          { title: t.importer.step4 },
        ]}
      />
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      {body()}
    </Modal>
  );

  function body() {
    switch (stage.step) {
      case 'pick':
        return (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t.importer.step1Hint}</Typography.Paragraph>
            <Button icon={<DownloadOutlined />} onClick={downloadTemplate} loading={downloading}>
              {t.importer.downloadTemplate}
            </Button>
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              beforeUpload={(file) => {
                void check(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t.importer.uploadHint}</p>
              <p className="ant-upload-hint">{t.importer.uploadSubHint}</p>
            </Upload.Dragger>
          </Space>
        );
      case 'checking':
        return (
          <div className="lz-center lz-section">
            <Spin description={t.importer.checking} />
          </div>
        );
      case 'report':
      case 'committing':
        return <ReportView report={stage.report} fileName={stage.file.name} />;
      case 'done':
        return (
          <Result
            status="success"
            title={fmt(t.importer.done, {
              households: stage.report.householdsCreated ?? stage.report.created ?? 0,
              residents: stage.report.residentsCreated ?? 0,
            })}
          />
        );
    }
  }

  function footer() {
    switch (stage.step) {
      case 'pick':
      case 'checking':
        return [
          <Button key="cancel" onClick={close} disabled={stage.step === 'checking'}>
            {t.common.cancel}
          </Button>,
        ];
      case 'report':
      case 'committing': {
        const canCommit = stage.report.errors.length === 0 && stage.report.valid > 0;
        return [
          <Button key="again" onClick={reset} disabled={stage.step === 'committing'}>
            {t.importer.reupload}
          </Button>,
          <Button
            key="commit"
            type="primary"
            disabled={!canCommit}
            loading={stage.step === 'committing'}
            onClick={commit}
          >
            {stage.step === 'committing' ? t.importer.committing : t.importer.commit}
          </Button>,
        ];
      }
      case 'done':
        return [
          <Button key="finish" type="primary" onClick={close}>
            {t.importer.finish}
          </Button>,
        ];
    }
  }
}

function ReportView({ report, fileName }: { report: Report; fileName: string }) {
  const { t } = useI18n();
  const ok = report.errors.length === 0;
  const empty = ok && report.valid === 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{fileName}</Typography.Text>
      <Alert
        type={ok && !empty ? 'success' : 'warning'}
        showIcon
        title={fmt(t.importer.summary, { total: report.total, valid: report.valid, errors: report.errors.length })}
        description={empty ? t.importer.noRows : ok ? t.importer.noErrors : t.importer.hasErrors}
      />
      {!ok && (
        <Table<RowError>
          size="small"
          rowKey={(r) => `${r.rowNumber}-${r.column}-${r.code}`}
          dataSource={report.errors}
          pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
          columns={[
            { title: t.importer.rowNumber, dataIndex: 'rowNumber', width: 72 },
            { title: t.importer.column, dataIndex: 'column', width: 120 },
            { title: t.importer.message, dataIndex: 'message' },
            {
              title: t.importer.code,
              dataIndex: 'code',
              width: 160,
              render: (c: string) => <Typography.Text type="secondary">{c}</Typography.Text>,
            },
          ]}
        />
      )}
    </Space>
  );
}
