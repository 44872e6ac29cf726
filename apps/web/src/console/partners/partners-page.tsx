import { Tabs } from 'antd';
import { useAuth } from '../../common/auth';
import { useI18n } from '../i18n';
import { AgreementsTab } from './agreements-tab';
import { PairsTab } from './pairs-tab';
import { ProjectsTab } from './projects-tab';

const STAFF = ['community_staff', 'street_staff', 'admin'] as const;

/** 共建与民生实事: projects (claim, progress with photos, acceptance), agreements, and community pairing. */
export default function PartnersPage() {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const staff = hasRole(...STAFF);
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cPartners.title}</h1>
      </div>
      <Tabs
        items={[
          { key: 'projects', label: t.cPartners.projects, children: <ProjectsTab staff={staff} /> },
          { key: 'agreements', label: t.cPartners.agreements, children: <AgreementsTab staff={staff} /> },
          ...(staff ? [{ key: 'pairs', label: t.cPartners.pairs, children: <PairsTab /> }] : []),
        ]}
      />
    </>
  );
}
