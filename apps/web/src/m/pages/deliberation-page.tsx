import type { FundList, ProposalList } from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import Button from 'antd-mobile/es/components/button';
import Tag from 'antd-mobile/es/components/tag';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../common/api';
import { useAuth } from '../../common/auth';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import { Screen } from '../components/screen';
import { ErrorState, SectionLoading } from '../components/screen-state';

/** 1234.5 from fen, two decimals. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** 议事与集资: the votes and shared funds of my buildings (or my jurisdiction), open ones first. */
export default function DeliberationPage() {
  const { t } = useI18n();
  const d = t.deliberation;
  const proposals = useRequest((signal) => api.get<ProposalList>('/proposals', { signal }), []);
  const funds = useRequest((signal) => api.get<FundList>('/funds', { signal }), []);
  const navigate = useNavigate();
  const isCaptain = useAuth().hasRole('captain');
  return (
    <Screen title={d.listTitle}>
      {isCaptain && (
        <div className="m-pad m-two-buttons">
          <Button color="primary" size="large" onClick={() => navigate('/proposals/new')}>
            {d.newProposal}
          </Button>
          <Button color="primary" size="large" onClick={() => navigate('/funds/new')}>
            {d.newFund}
          </Button>
        </div>
      )}
      <h2 className="m-step-title">{d.proposals}</h2>
      {proposals.loading && !proposals.data && <SectionLoading />}
      {!!proposals.error && !proposals.data && <ErrorState error={proposals.error} onRetry={proposals.reload} />}
      {proposals.data?.items.length === 0 && <p className="m-hint m-pad">{d.noProposals}</p>}
      {proposals.data?.items.map((p) => (
        <Link key={p.id} to={`/proposals/${p.id}`} className="m-card m-link-card" data-testid="proposal-card">
          <div className="m-task-tags">
            <Tag color={p.status === 'open' ? 'primary' : p.tally.passed ? 'success' : 'default'} className="m-tag">
              {p.status === 'open' ? d.statusOpen : p.tally.passed ? d.passed : d.failed}
            </Tag>
            <span className="m-hint">{p.scopeName}</span>
          </div>
          <div className="m-card-value">{p.title}</div>
          <div className="m-hint">{label(d.rules, p.rule)}</div>
          <div className="m-hint">
            {fmt(d.deadline, { at: formatShanghaiDateTime(p.deadline) })} · {d.voted} {p.tally.voted.owners}/
            {p.tally.eligible.owners}
          </div>
        </Link>
      ))}
      <h2 className="m-step-title">{d.funds}</h2>
      {funds.loading && !funds.data && <SectionLoading />}
      {!!funds.error && !funds.data && <ErrorState error={funds.error} onRetry={funds.reload} />}
      {funds.data?.items.length === 0 && <p className="m-hint m-pad">{d.noFunds}</p>}
      {funds.data?.items.map((f) => (
        <Link key={f.id} to={`/funds/${f.id}`} className="m-card m-link-card" data-testid="fund-card">
          <div className="m-task-tags">
            <Tag color={f.status === 'collecting' ? 'warning' : 'success'} className="m-tag">
              {f.status === 'collecting' ? d.collecting : d.settled}
            </Tag>
            <span className="m-hint">{f.buildingName}</span>
          </div>
          <div className="m-card-value">{f.title}</div>
          <div className="m-hint">
            {d.total} {fmt(d.yuan, { n: yuan(f.totalFen) })} ·{' '}
            {fmt(d.paidHouseholds, { paid: f.totals.paidHouseholds, total: f.totals.households })}
          </div>
        </Link>
      ))}
    </Screen>
  );
}
