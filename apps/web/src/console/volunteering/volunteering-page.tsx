import { Tabs } from 'antd';
import { useI18n } from '../i18n';
import { ActivitiesTab } from './activities-tab';
import { DiaryTab } from './diary-tab';
import { FiguresTab } from './figures-tab';
import { TeamsTab } from './teams-tab';

/** 志愿服务: activities with attendance and hours, teams, and figures. */
export default function VolunteeringPage() {
  const { t } = useI18n();
  return (
    <>
      <div className="lz-page-header">
        <h1>{t.cVolunteer.title}</h1>
      </div>
      <Tabs
        items={[
          { key: 'activities', label: t.cVolunteer.activities, children: <ActivitiesTab /> },
          { key: 'teams', label: t.cVolunteer.teams, children: <TeamsTab /> },
          { key: 'figures', label: t.cVolunteer.figures, children: <FiguresTab /> },
          { key: 'diary', label: t.cVolunteer.diary, children: <DiaryTab /> },
        ]}
      />
    </>
  );
}
