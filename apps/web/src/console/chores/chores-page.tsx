import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import type { ChoreTemplateView } from '../api-types';
import { EP } from '../endpoints';
import { useI18n } from '../i18n';
import { PublicationsTab } from './publications-tab';
import { TemplatesTab } from './templates-tab';

/** 任务: chore templates (what a chore is worth and what proof it needs) and publishing them to a scope. */
export default function ChoresPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'publications' ? 'publications' : 'templates';
  const templates = useRequest((signal) => api.get<{ items: ChoreTemplateView[] }>(EP.choreTemplates, { signal }), []);
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cChores.title}</h1>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'templates' ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: 'templates',
              label: t.cChores.templates,
              children: <TemplatesTab templates={templates} />,
            },
            {
              key: 'publications',
              label: t.cChores.publications,
              children: <PublicationsTab templates={templates.data?.items ?? []} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
