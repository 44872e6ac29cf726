import type { CouncilView, FundList, FundView, ProposalList } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import { App, Button, Card, Descriptions, Drawer, Empty, List, Select, Space, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ExportButton } from '../components/export-button';
import { fmt, label, useI18n } from '../i18n';
import { NewProposalModal } from './new-proposal';
import { ProposalDetail } from './proposal-detail';

const yuan = (fen: number) => (fen / 100).toFixed(2);
type ProposalRow = ProposalList['items'][number];

/** 议事与集资: proposals with their tally (paper ballots entered in a proposal's drawer), councils, shared funds. */
export default function DeliberationPage() {
  const { t } = useI18n();
  const d = t.deliberation;
  return (
    <Card title={d.console.menu}>
      <Tabs
        items={[
          { key: 'proposals', label: d.console.tabProposals, children: <Proposals /> },
          { key: 'councils', label: d.console.tabCouncils, children: <Councils /> },
          { key: 'funds', label: d.console.tabFunds, children: <Funds /> },
        ]}
      />
    </Card>
  );
}

function Proposals() {
  const { t } = useI18n();
  const d = t.deliberation;
  const list = useRequest((signal) => api.get<ProposalList>('/proposals', { signal }), []);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const count = (c: { owners: number; areaM2: number }) => `${c.owners} / ${c.areaM2.toFixed(2)} ㎡`;
  const columns: ColumnsType<ProposalRow> = [
    {
      title: d.console.title,
      key: 'title',
      render: (_, p) => (
        <Button type="link" onClick={() => setOpenId(p.id)} data-testid={`proposal-${p.id}`}>
          {p.title}
        </Button>
      ),
    },
    { title: d.console.scope, dataIndex: 'scopeName', key: 'scope', width: 140 },
    { title: d.console.rule, key: 'rule', render: (_, p) => label(d.rules, p.rule) },
    {
      title: d.console.turnout,
      key: 'turnout',
      render: (_, p) => `${count(p.tally.voted)}（${count(p.tally.eligible)}）`,
    },
    {
      title: d.console.agree,
      key: 'agree',
      render: (_, p) =>
        p.tally.options.length > 0
          ? p.tally.options.map((o) => `${o.label} ${o.households}`).join('｜')
          : count(p.tally.agree),
    },
    {
      title: d.console.result,
      key: 'result',
      render: (_, p) =>
        p.status === 'open' ? (
          <Tag color="blue">{d.statusOpen}</Tag>
        ) : (
          <Tag color={p.tally.passed ? 'green' : 'red'}>{p.tally.passed ? d.passed : d.failed}</Tag>
        ),
    },
    { title: d.deadline.replace(' {at}', ''), key: 'deadline', render: (_, p) => formatShanghaiDateTime(p.deadline) },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setCreating(true)}>
          {d.console.newProposal}
        </Button>
        <ExportButton path="/proposals/export" query={{}} fileName={`${t.lists.sheets.proposals}.xlsx`} />
      </Space>
      <Table rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} />
      <NewProposalModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(p) => {
          setCreating(false);
          list.reload();
          setOpenId(p.id);
        }}
      />
      <Drawer
        width={760}
        open={openId !== null}
        onClose={() => {
          setOpenId(null);
          list.reload();
        }}
        destroyOnHidden
      >
        {openId !== null && <ProposalDetail id={openId} />}
      </Drawer>
    </>
  );
}

function Councils() {
  const { t } = useI18n();
  const d = t.deliberation;
  const list = useRequest((signal) => api.get<{ items: CouncilView[] }>('/councils', { signal }), []);
  if (list.data?.items.length === 0) return <Empty description={d.console.noCouncils} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ExportButton path="/councils/export" query={{}} fileName={`${t.lists.sheets.councils}.xlsx`} />
      {list.data?.items.map((c) => (
        <Card key={c.id} size="small" title={`${c.name} · ${c.orgUnitName}`}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={d.members}>
              {c.members.map((m) => `${m.name}（${label(d.memberRoles, m.role)}）`).join('、')}
            </Descriptions.Item>
          </Descriptions>
          <List
            header={d.meetings}
            dataSource={c.meetings}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta title={`${m.heldOn} ${m.title}`} description={`${m.attendees}｜${m.minutes}`} />
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}

function Funds() {
  const { t } = useI18n();
  const d = t.deliberation;
  const list = useRequest((signal) => api.get<FundList>('/funds', { signal }), []);
  const [openId, setOpenId] = useState<number | null>(null);
  const detail = useRequest(
    (signal) => (openId === null ? Promise.resolve(null) : api.get<FundView>(`/funds/${openId}`, { signal })),
    [openId],
  );
  const columns: ColumnsType<FundList['items'][number]> = [
    {
      title: d.console.title,
      key: 'title',
      render: (_, f) => (
        <Button type="link" onClick={() => setOpenId(f.id)}>
          {f.title}
        </Button>
      ),
    },
    { title: d.console.building, dataIndex: 'buildingName', key: 'building' },
    { title: d.console.fundTotal, key: 'total', render: (_, f) => yuan(f.totalFen) },
    {
      title: d.console.fundPaid,
      key: 'paid',
      render: (_, f) =>
        `${yuan(f.totals.paidFen)}（${fmt(d.paidHouseholds, { paid: f.totals.paidHouseholds, total: f.totals.households })}）`,
    },
    { title: d.console.fundSpent, key: 'spent', render: (_, f) => yuan(f.totals.expensesFen) },
    { title: d.console.fundBalance, key: 'balance', render: (_, f) => yuan(f.totals.balanceFen) },
    {
      title: d.console.status,
      key: 'status',
      render: (_, f) => <Tag>{f.status === 'collecting' ? d.collecting : d.settled}</Tag>,
    },
  ];
  const f = detail.data;
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <ExportButton path="/funds/export" query={{}} fileName={`${t.lists.sheets.funds}.xlsx`} />
      </Space>
      <Table rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.items ?? []} />
      <Drawer width={720} open={openId !== null} onClose={() => setOpenId(null)} title={f?.title}>
        {f && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <p style={{ whiteSpace: 'pre-wrap' }}>{f.notice}</p>
            {f.canManage && f.status === 'collecting' && f.totals.paidHouseholds === 0 && (
              <Resplit fund={f} onDone={detail.reload} />
            )}
            <a href={`/api/v1/funds/${f.id}/cost-list.pdf`} target="_blank" rel="noreferrer">
              {d.print}
            </a>
            <Table
              rowKey="householdId"
              size="small"
              pagination={false}
              dataSource={f.shares}
              columns={[
                { title: d.console.household, dataIndex: 'address', key: 'a' },
                { title: d.share, key: 's', render: (_, s) => yuan(s.amountFen) },
                { title: d.paid, key: 'p', render: (_, s) => (s.payment ? yuan(s.payment.amountFen) : d.unpaid) },
              ]}
            />
            <List
              header={d.expenses}
              dataSource={f.expenses}
              renderItem={(e) => (
                <List.Item
                  extra={
                    <a href={e.receiptPhoto.url} target="_blank" rel="noreferrer">
                      <img src={e.receiptPhoto.thumbUrl} alt={d.receipt} height={48} />
                    </a>
                  }
                >
                  {e.spentOn} {e.item} {yuan(e.amountFen)}
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>
    </>
  );
}

/** 修改分摊: before anyone has paid, the total is split again equally or by floor area (custom amounts via the API). */
function Resplit({ fund, onDone }: { fund: FundView; onDone: () => void }) {
  const { t } = useI18n();
  const d = t.deliberation;
  const { message } = App.useApp();
  const [split, setSplit] = useState<'equal' | 'area'>(fund.split === 'area' ? 'area' : 'equal');
  async function save() {
    try {
      await api.put(`/funds/${fund.id}/shares`, { split });
      message.success(d.resplitDone);
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Space>
      <Select
        aria-label={d.splitLabel}
        value={split}
        onChange={setSplit}
        style={{ width: 160 }}
        options={(['equal', 'area'] as const).map((x) => ({ value: x, label: d.split[x] }))}
      />
      <Button onClick={save}>{d.resplit}</Button>
    </Space>
  );
}
