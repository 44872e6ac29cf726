import type { BallotChoice, BallotVia, ProposalView, RollEntryView } from '@louzhang/contracts';
import { App, Button, Descriptions, Radio, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { fmt, label, useI18n } from '../i18n';

/** A proposal in the console: the tally, the roll with every ballot, paper-ballot entry with the form's photo, close. */
export function ProposalDetail({ id }: { id: number }) {
  const { t } = useI18n();
  const d = t.deliberation;
  const { message, modal } = App.useApp();
  const p = useRequest((signal) => api.get<ProposalView>(`/proposals/${id}`, { signal }), [id]);
  const roll = useRequest((signal) => api.get<{ items: RollEntryView[] }>(`/proposals/${id}/roll`, { signal }), [id]);
  const [entry, setEntry] = useState<{
    householdId: number;
    choice: BallotChoice;
    option: number;
    via: BallotVia;
    file?: File;
  } | null>(null);
  const options = p.data?.options ?? [];
  const said = (b: { choice: BallotChoice | null; option: number | null }) =>
    b.option !== null ? (options[b.option] ?? '') : b.choice ? label(d.choices, b.choice) : '';

  async function sendLink(resend: boolean) {
    try {
      const r = await api.post<{ sent: number; alreadySent: number }>(`/proposals/${id}/send-link`, { resend });
      message.success(
        fmt(d.linkSent, { sent: r.sent }) + (r.alreadySent ? fmt(d.linkAlready, { n: r.alreadySent }) : ''),
      );
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  async function save() {
    if (!entry) return;
    try {
      let formPhotoId: number | undefined;
      if (entry.via === 'paper') {
        if (!entry.file) {
          message.error(d.formPhotoRequired);
          return;
        }
        const form = new FormData();
        form.append('file', entry.file, entry.file.name);
        formPhotoId = (await api.post<{ id: number }>('/photos', form)).id;
      }
      await api.post(`/proposals/${id}/ballots`, {
        householdId: entry.householdId,
        ...(options.length > 0 ? { option: entry.option } : { choice: entry.choice }),
        via: entry.via,
        formPhotoId,
      });
      setEntry(null);
      roll.reload();
      p.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  function close() {
    modal.confirm({
      content: d.closeConfirm,
      onOk: async () => {
        try {
          await api.post(`/proposals/${id}/close`);
          message.success(d.resultPublished);
          p.reload();
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  }

  const v = p.data;
  if (!v) return null;
  const c = (x: { owners: number; areaM2: number }) => `${x.owners} 户 / ${x.areaM2.toFixed(2)} ㎡`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <h2>{v.title}</h2>
      <p style={{ whiteSpace: 'pre-wrap' }}>{v.description}</p>
      <a href={`/m/proposals/${id}`} target="_blank" rel="noreferrer">
        {d.console.openOnPhone}
      </a>
      <Descriptions size="small" column={2} bordered data-testid="console-tally">
        <Descriptions.Item label={d.console.rule} span={2}>
          {label(d.rules, v.rule)}
        </Descriptions.Item>
        <Descriptions.Item label={d.eligible}>{c(v.tally.eligible)}</Descriptions.Item>
        <Descriptions.Item label={d.voted}>{c(v.tally.voted)}</Descriptions.Item>
        {v.tally.options.length === 0 && (
          <>
            <Descriptions.Item label={d.choices.agree}>{c(v.tally.agree)}</Descriptions.Item>
            <Descriptions.Item label={d.choices.against}>{c(v.tally.against)}</Descriptions.Item>
            <Descriptions.Item label={d.choices.abstain}>{c(v.tally.abstain)}</Descriptions.Item>
          </>
        )}
        {v.tally.options.map((o) => (
          <Descriptions.Item key={o.index} label={o.label}>
            {fmt(d.optionHouseholds, { n: o.households })}
            {v.tally.adoptedOption === o.index && (
              <Tag color="green" style={{ marginLeft: 8 }}>
                {fmt(d.adopted, { option: o.label })}
              </Tag>
            )}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={d.console.result}>
          {v.status === 'open' ? (
            <Tag color="blue">{v.tally.quorumMet ? d.quorumMet : d.quorumNotMet}</Tag>
          ) : (
            <Tag color={v.tally.passed ? 'green' : 'red'}>{v.tally.passed ? d.passed : d.failed}</Tag>
          )}
        </Descriptions.Item>
      </Descriptions>
      {v.canManage && (
        <div style={{ margin: '16px 0 8px' }}>
          <ExportButton
            path={`/proposals/${id}/roll/export`}
            query={{}}
            fileName={`${v.title} ${t.lists.sheets.roll}.xlsx`}
          />
        </div>
      )}
      {v.canManage && (
        <Table
          rowKey="householdId"
          size="small"
          pagination={false}
          loading={roll.loading}
          dataSource={roll.data?.items ?? []}
          columns={[
            { title: d.console.household, dataIndex: 'address', key: 'a' },
            { title: '㎡', key: 'm', render: (_, r) => r.areaM2.toFixed(2) },
            {
              title: d.console.choice,
              key: 'c',
              render: (_, r) => (r.ballot ? `${said(r.ballot)} · ${label(d.vias, r.ballot.via)}` : d.notVoted),
            },
            { title: d.console.castBy, key: 'b', render: (_, r) => r.ballot?.castByName ?? '' },
            {
              title: '',
              key: 'x',
              render: (_, r) =>
                v.status === 'open' && (
                  <Button
                    size="small"
                    onClick={() => setEntry({ householdId: r.householdId, choice: 'agree', option: 0, via: 'paper' })}
                  >
                    {d.console.paperEntry}
                  </Button>
                ),
            },
          ]}
        />
      )}
      {entry && (
        <Space direction="vertical" style={{ width: '100%', padding: 12, background: '#fafafa' }}>
          <Radio.Group value={entry.via} onChange={(e) => setEntry({ ...entry, via: e.target.value })}>
            <Radio.Button value="paper">{d.vias.paper}</Radio.Button>
            <Radio.Button value="door_to_door">{d.vias.door_to_door}</Radio.Button>
          </Radio.Group>
          {options.length === 0 ? (
            <Radio.Group value={entry.choice} onChange={(e) => setEntry({ ...entry, choice: e.target.value })}>
              {(['agree', 'against', 'abstain'] as const).map((x) => (
                <Radio.Button key={x} value={x}>
                  {label(d.choices, x)}
                </Radio.Button>
              ))}
            </Radio.Group>
          ) : (
            <Radio.Group value={entry.option} onChange={(e) => setEntry({ ...entry, option: e.target.value })}>
              {options.map((o, i) => (
                <Radio.Button key={o} value={i}>
                  {o}
                </Radio.Button>
              ))}
            </Radio.Group>
          )}
          {entry.via === 'paper' && (
            <Upload
              accept="image/*"
              maxCount={1}
              beforeUpload={(file) => {
                setEntry({ ...entry, file });
                return false;
              }}
            >
              <Button>{d.console.photoUpload}</Button>
            </Upload>
          )}
          <Button type="primary" onClick={save}>
            {d.save}
          </Button>
        </Space>
      )}
      {v.canManage && v.status === 'open' && (
        <Space wrap>
          <Button onClick={() => sendLink(false)}>{d.sendLink}</Button>
          <Button onClick={() => sendLink(true)}>{d.resendLink}</Button>
          <Button danger onClick={close}>
            {d.close}
          </Button>
        </Space>
      )}
    </Space>
  );
}
