import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportJob, ImportResult } from '@louzhang/contracts';
import { Alert, App, Button, Modal, Progress, Result, Space, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage, newIdempotencyKey } from '../../common/api';
import { fmt, useI18n } from '../i18n';

/** The import report; `created` is accepted too in case the server reports creations that way. */
type Report = ImportResult & { created?: number };
type RowError = Report['errors'][number];

type Stage =
  | { step: 'pick' }
  | { step: 'checking'; file: File }
  | { step: 'report'; file: File; report: Report; commitKey: string; validKey: string }
  | { step: 'committing'; file: File; report: Report; commitKey: string; validKey: string }
  | { step: 'done'; report: Report };

const MAX_BYTES = 10 * 1024 * 1024;
/** How often a running import is asked for its progress. */
const POLL_MS = 1000;

/** A finished import's report; a refused commit lists its bad rows like a dry run (no data was written). */
function reportOf(job: ImportJob): Report {
  if (job.status === 'done' && job.result) return job.result;
  if (job.error?.code === 'IMPORT_HAS_ERRORS' && job.result) return job.result;
  throw new ApiError(job.error?.code ?? 'INTERNAL', job.error?.message ?? job.error?.code ?? '', 0);
}

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
  const lastImport = useRef<number | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [progress, setProgress] = useState<ImportJob | null>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

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

  /**
   * Uploads the file (the server answers at once with the queued import), then asks for the import every
   * second until it has finished, showing how many rows were read.
   */
  const upload = async (file: File, dryRun: boolean, idempotencyKey?: string, validOnly = false): Promise<Report> => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    const query = { dryRun: dryRun ? 'true' : 'false', validOnly: validOnly ? 'true' : 'false' };
    let job = await api.create<ImportJob>('/households/import', fd, { query, idempotencyKey });
    lastImport.current = job.id;
    setProgress(job);
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (!alive.current) throw new ApiError('CANCELLED', '', 0);
      job = await api.get<ImportJob>(`/households/imports/${job.id}`);
      setProgress(job);
    }
    setProgress(null);
    return reportOf(job);
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
      setStage({ step: 'report', file, report, commitKey: newIdempotencyKey(), validKey: newIdempotencyKey() });
    } catch (e) {
      setFailure(errorMessage(e));
      setStage({ step: 'pick' });
    }
  };

  /**
   * Commits the checked file: all of it, or (导入有效行) only its rows without errors, the bad ones listed and
   * marked in the error file. The server commits one file once per person, whatever the key.
   */
  const commit = async (validOnly = false) => {
    if (stage.step !== 'report') return;
    setFailure(null);
    setStage({ ...stage, step: 'committing' });
    try {
      const report = await upload(stage.file, false, validOnly ? stage.validKey : stage.commitKey, validOnly);
      if (report.errors.length > 0 && !validOnly) {
        // Refused as a whole (rows changed since the check, e.g. an ID number registered meanwhile).
        setFailure(t.importer.hasErrors);
        setStage({ ...stage, step: 'report', report });
        return;
      }
      setStage({ step: 'done', report });
    } catch (e) {
      // Back to the report with the same key: retrying after a lost answer cannot import twice.
      setFailure(errorMessage(e));
      setStage({ ...stage, step: 'report' });
    }
  };

  // The upload handed back with its errors marked (bad cells red with the reason, a 错误说明 column and a
  // 错误清单 sheet quoting each bad value), to fix in the file the person knows.
  const downloadErrors = async () => {
    if (lastImport.current === null) return;
    try {
      await api.download(`/households/imports/${lastImport.current}/errors.xlsx`, undefined, t.importer.errorsFileName);
    } catch (e) {
      message.error(errorMessage(e));
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
            <ImportProgress job={progress} />
          </div>
        );
      case 'report':
      case 'committing':
        return (
          <>
            {stage.step === 'committing' && (
              <>
                <Spin description={t.importer.committing} />
                <ImportProgress job={progress} />
              </>
            )}
            <ReportView report={stage.report} fileName={stage.file.name} />
          </>
        );
      case 'done':
        return (
          <Result
            status="success"
            title={fmt(t.importer.done, {
              households: stage.report.householdsCreated ?? stage.report.created ?? 0,
              residents: stage.report.residentsCreated ?? 0,
            })}
            subTitle={
              stage.report.errors.length > 0
                ? fmt(t.importer.validDone, {
                    n: new Set(stage.report.errors.map((e) => e.rowNumber)).size,
                  })
                : undefined
            }
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
        const canCommitValid = stage.report.errors.length > 0 && stage.report.valid > 0;
        return [
          ...(stage.report.errors.length > 0
            ? [
                <Button key="errors" icon={<DownloadOutlined />} onClick={downloadErrors}>
                  {t.importer.downloadErrors}
                </Button>,
              ]
            : []),
          <Button key="again" onClick={reset} disabled={stage.step === 'committing'}>
            {t.importer.reupload}
          </Button>,
          canCommitValid ? (
            <Button key="commit" type="primary" loading={stage.step === 'committing'} onClick={() => commit(true)}>
              {stage.step === 'committing'
                ? t.importer.committing
                : fmt(t.importer.commitValid, { n: stage.report.valid })}
            </Button>
          ) : (
            <Button
              key="commit"
              type="primary"
              disabled={!canCommit}
              loading={stage.step === 'committing'}
              onClick={() => commit()}
            >
              {stage.step === 'committing' ? t.importer.committing : t.importer.commit}
            </Button>
          ),
        ];
      }
      case 'done':
        return [
          ...(stage.report.errors.length > 0
            ? [
                <Button key="errors" icon={<DownloadOutlined />} onClick={downloadErrors}>
                  {t.importer.downloadErrors}
                </Button>,
              ]
            : []),
          <Button key="finish" type="primary" onClick={close}>
            {t.importer.finish}
          </Button>,
        ];
    }
  }
}

/** Rows read so far, against the sheet's stated size when it gives one. */
function ImportProgress({ job }: { job: ImportJob | null }) {
  const { t } = useI18n();
  if (!job || job.rowsRead === 0) return null;
  const total = job.rowsEstimated;
  return (
    <div style={{ marginTop: 16 }} aria-live="polite">
      {total ? <Progress percent={Math.min(99, Math.floor((job.rowsRead / total) * 100))} size="small" /> : null}
      <Typography.Text type="secondary">
        {total
          ? fmt(t.importer.progressOf, { rows: job.rowsRead, total })
          : fmt(t.importer.progress, { rows: job.rowsRead })}
      </Typography.Text>
    </div>
  );
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
          ]}
        />
      )}
    </Space>
  );
}
