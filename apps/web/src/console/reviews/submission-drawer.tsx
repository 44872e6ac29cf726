import { WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Image, Space, Tag, Typography } from 'antd';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ChoreSubmissionDetail } from '../api-types';
import { EmptyState } from '../components/empty-state';
import { PageError, SectionLoading } from '../components/page-state';
import { EP } from '../endpoints';
import { formatTime } from '../format';
import { fmt, useI18n } from '../i18n';

/**
 * One submission: its details, the photos as thumbnails (click for the full picture), and for each
 * duplicate flag this photo beside the earlier submission's similar one.
 */
export function SubmissionDrawer({
  submissionId,
  busy,
  onClose,
  onApprove,
  onApproveNext,
  hasNext,
  onReject,
}: {
  submissionId: number | null;
  busy: boolean;
  onClose: () => void;
  onApprove: (id: number) => void;
  /** Approves and opens the next pending submission in the queue's order (通过并下一条). */
  onApproveNext: (id: number) => void;
  hasNext: boolean;
  onReject: (id: number) => void;
}) {
  const { t } = useI18n();
  const req = useRequest(
    (signal) =>
      submissionId === null
        ? Promise.resolve(undefined)
        : api.get<ChoreSubmissionDetail>(EP.submission(submissionId), { signal }),
    [submissionId],
  );
  const s = req.data?.id === submissionId ? req.data : undefined;

  return (
    <Drawer
      open={submissionId !== null}
      onClose={onClose}
      size={720}
      title={t.cReviews.detail}
      rootClassName="lz-submission-drawer"
      extra={
        s?.status === 'pending' ? (
          <Space>
            <Button danger disabled={busy} onClick={() => onReject(s.id)}>
              {t.cReviews.reject}
            </Button>
            <Button type={hasNext ? 'default' : 'primary'} loading={busy} onClick={() => onApprove(s.id)}>
              {t.cReviews.approve}
            </Button>
            {hasNext && (
              <Button type="primary" loading={busy} onClick={() => onApproveNext(s.id)}>
                {t.cReviews.approveNext}
              </Button>
            )}
          </Space>
        ) : null
      }
    >
      {req.error ? (
        <PageError error={req.error} onRetry={req.reload} />
      ) : !s ? (
        <SectionLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {s.duplicateFlags.length > 0 && (
            <Alert
              type="error"
              showIcon
              icon={<WarningOutlined />}
              title={t.cReviews.duplicateCompare}
              description={
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {s.duplicateFlags.map((f) => {
                    const mine = s.photos.find((p) => p.id === f.photoId);
                    return (
                      <div key={`${f.photoId}-${f.similarPhotoId}`} className="lz-dup">
                        <Typography.Text>
                          {fmt(t.cReviews.duplicateHint, { id: f.submissionId, d: f.distance })}
                        </Typography.Text>
                        <Image.PreviewGroup preview={{ alt: t.cReviews.photos }}>
                          <div className="lz-dup-pair">
                            <figure>
                              <Image
                                width={200}
                                height={150}
                                style={{ objectFit: 'cover' }}
                                src={mine?.thumbUrl ?? EP.photo(f.photoId, true)}
                                preview={{ src: mine?.url ?? EP.photo(f.photoId) }}
                                alt={t.cReviews.thisSubmission}
                              />
                              <figcaption>{t.cReviews.thisSubmission}</figcaption>
                            </figure>
                            <figure>
                              <Image
                                width={200}
                                height={150}
                                style={{ objectFit: 'cover' }}
                                src={EP.photo(f.similarPhotoId, true)}
                                preview={{ src: EP.photo(f.similarPhotoId) }}
                                alt={fmt(t.cReviews.earlier, { id: f.submissionId })}
                              />
                              <figcaption>{fmt(t.cReviews.earlier, { id: f.submissionId })}</figcaption>
                            </figure>
                          </div>
                        </Image.PreviewGroup>
                      </div>
                    );
                  })}
                </Space>
              }
            />
          )}
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t.cReviews.task}>{s.templateName}</Descriptions.Item>
            <Descriptions.Item label={t.cReviews.points}>{s.points}</Descriptions.Item>
            <Descriptions.Item label={t.cReviews.building}>{s.buildingName}</Descriptions.Item>
            <Descriptions.Item label={t.cReviews.community}>{s.communityName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t.cReviews.submitter}>{s.submitterName}</Descriptions.Item>
            <Descriptions.Item label={t.cChores.status}>
              <Tag color={s.status === 'approved' ? 'success' : s.status === 'rejected' ? 'error' : 'processing'}>
                {t.cReviews.status[s.status]}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t.cReviews.doneAt}>{formatTime(s.doneAt)}</Descriptions.Item>
            <Descriptions.Item label={t.cReviews.submittedAt}>{formatTime(s.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t.cReviews.note} span={2}>
              {s.note ?? '—'}
            </Descriptions.Item>
            {s.reviewedAt && (
              <Descriptions.Item label={t.cReviews.reviewer} span={2}>
                {s.reviewerName ?? '—'} · {formatTime(s.reviewedAt)}
              </Descriptions.Item>
            )}
            {s.rejectReason && (
              <Descriptions.Item label={t.cReviews.rejectReason} span={2}>
                {s.rejectReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t.cReviews.photos}</Typography.Title>
            {s.photos.length === 0 ? (
              <EmptyState description={t.cReviews.noPhotos} />
            ) : (
              <Image.PreviewGroup preview={{ alt: t.cReviews.photos }}>
                <Space wrap size={12}>
                  {s.photos.map((p) => {
                    const flagged = s.duplicateFlags.some((f) => f.photoId === p.id);
                    return (
                      <figure key={p.id} className={flagged ? 'lz-photo lz-photo-flagged' : 'lz-photo'}>
                        <Image
                          width={320}
                          height={240}
                          style={{ objectFit: 'cover' }}
                          src={p.thumbUrl}
                          preview={{ src: p.url }}
                          alt={`${t.cReviews.photos} ${p.id}`}
                        />
                        <figcaption>
                          {t.cReviews.photoKinds[p.kind]}
                          {flagged && <Tag color="error">{t.cReviews.duplicate}</Tag>}
                        </figcaption>
                      </figure>
                    );
                  })}
                </Space>
              </Image.PreviewGroup>
            )}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
