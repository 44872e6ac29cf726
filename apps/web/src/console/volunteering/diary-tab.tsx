import type { DiaryEntryView } from '@louzhang/contracts';
import { App, Button, Card, Input, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { label, useI18n } from '../i18n';

type Party = { name: string; phone: string | null; role: string | null };

/** 志愿日记: entries under the caller (和事佬 records), parties masked; opening them takes a reason and is audited. */
export function DiaryTab() {
  const { t } = useI18n();
  const d = t.diary;
  const { message } = App.useApp();
  const list = useRequest((signal) => api.get<{ items: DiaryEntryView[] }>('/volunteer-diary', { signal }), []);
  const [revealing, setRevealing] = useState<DiaryEntryView | null>(null);
  const [purpose, setPurpose] = useState('');
  const [full, setFull] = useState<Party[] | null>(null);
  const partyText = (ps: Party[]) => ps.map((p) => [p.name, p.phone, p.role].filter(Boolean).join(' ')).join('；');
  return (
    <Card>
      <Table<DiaryEntryView>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        expandable={{
          expandedRowRender: (e) => (
            <Space direction="vertical">
              <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.body}</p>
              <Space wrap>
                {e.photoIds.map((id) => (
                  <a key={id} href={`/api/v1/photos/${id}`} target="_blank" rel="noreferrer">
                    <img src={`/api/v1/photos/${id}?thumb=1`} alt={d.photos} height={64} />
                  </a>
                ))}
              </Space>
            </Space>
          ),
        }}
        columns={[
          { title: d.occurredOn, dataIndex: 'occurredOn', key: 'on', width: 110 },
          { title: d.kind, key: 'kind', width: 110, render: (_, e) => label(d.kinds, e.kind) },
          { title: d.entryTitle, dataIndex: 'title', key: 'title' },
          {
            title: d.author,
            key: 'who',
            render: (_, e) => (e.teamName ? `${e.volunteerName}（${e.teamName}）` : e.volunteerName),
          },
          { title: d.parties, key: 'parties', render: (_, e) => partyText(e.parties) || '—' },
          {
            title: '',
            key: 'reveal',
            width: 150,
            render: (_, e) =>
              e.parties.length > 0 && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    setRevealing(e);
                    setFull(null);
                    setPurpose('');
                  }}
                >
                  {d.reveal}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={revealing !== null}
        title={full ? d.revealed : d.reveal}
        onCancel={() => setRevealing(null)}
        okButtonProps={{ disabled: full !== null || purpose.trim().length < 2 }}
        onOk={async () => {
          try {
            const r = await api.post<{ parties: Party[] }>(`/volunteer-diary/${revealing?.id}/reveal`, {
              purpose: purpose.trim(),
            });
            setFull(r.parties);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        {full ? (
          <ul data-testid="diary-parties-full">
            {full.map((p) => (
              <li key={`${p.name}${p.phone}`}>{[p.name, p.phone, p.role].filter(Boolean).join(' · ')}</li>
            ))}
          </ul>
        ) : (
          <>
            <label htmlFor="diary-purpose">{d.purpose}</label>
            <Input id="diary-purpose" value={purpose} maxLength={100} onChange={(e) => setPurpose(e.target.value)} />
          </>
        )}
      </Modal>
    </Card>
  );
}
