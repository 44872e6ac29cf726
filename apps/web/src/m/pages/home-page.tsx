import type { NoticeFeed } from '@louzhang/contracts';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../common/api';
import { useAuth } from '../../common/auth';
import { fmt, label, useI18n } from '../../common/i18n';
import { useRequest } from '../../common/use-request';
import type { Messages } from '../../locales';
import type { NotificationPage } from '../api-types';
import { Icon } from '../components/icon';
import { LanguageToggle } from '../components/language-toggle';
import { PlainButton } from '../components/plain';
import { TextSizeToggle } from '../components/text-size-toggle';

interface Tile {
  key: string;
  label: (t: Messages) => string;
  to: string;
  icon: ReactNode;
  tone: 'red' | 'orange' | 'blue' | 'green' | 'purple';
}

const RESIDENT_TILES: Tile[] = [
  {
    key: 'report',
    label: (t) => t.mobile.tiles.report,
    to: '/report',
    icon: <Icon name="SoundOutline" />,
    tone: 'red',
  },
  {
    key: 'myReports',
    label: (t) => t.mobile.tiles.myReports,
    to: '/reports',
    icon: <Icon name="UnorderedListOutline" />,
    tone: 'orange',
  },
  {
    key: 'notices',
    label: (t) => t.mobile.tiles.notices,
    to: '/notices',
    icon: <Icon name="BellOutline" />,
    tone: 'blue',
  },
  {
    key: 'bulletins',
    label: (t) => t.mNotices.tile,
    to: '/bulletins',
    icon: <Icon name="FileOutline" />,
    tone: 'purple',
  },
  {
    key: 'household',
    label: (t) => t.mobile.tiles.household,
    to: '/household',
    icon: <Icon name="TeamOutline" />,
    tone: 'green',
  },
  {
    key: 'recruit',
    label: (t) => t.mLife.recruitTile,
    to: '/recruit',
    icon: <Icon name="UserAddOutline" />,
    tone: 'red',
  },
  {
    key: 'deliberation',
    label: (t) => t.deliberation.tile,
    to: '/deliberation',
    icon: <Icon name="TeamOutline" />,
    tone: 'orange',
  },
  {
    key: 'volunteer',
    label: (t) => t.mVolunteer.tile,
    to: '/volunteer',
    icon: <Icon name="HeartOutline" />,
    tone: 'orange',
  },
  {
    key: 'projects',
    label: (t) => t.mProjects.tile,
    to: '/projects',
    icon: <Icon name="FlagOutline" />,
    tone: 'green',
  },
];

const CAPTAIN_TILES: Tile[] = [
  {
    key: 'handling',
    label: (t) => t.mReports.titleHandling,
    to: '/handling',
    icon: <Icon name="FileOutline" />,
    tone: 'green',
  },
  {
    key: 'myBuildings',
    label: (t) => t.mobile.tiles.myBuildings,
    to: '/my-buildings',
    icon: <Icon name="HistogramOutline" />,
    tone: 'blue',
  },
  {
    key: 'tasks',
    label: (t) => t.mobile.tiles.tasks,
    to: '/tasks',
    icon: <Icon name="CheckShieldOutline" />,
    tone: 'red',
  },
  {
    key: 'points',
    label: (t) => t.mobile.tiles.points,
    to: '/points',
    icon: <Icon name="StarOutline" />,
    tone: 'orange',
  },
  { key: 'mall', label: (t) => t.mobile.tiles.mall, to: '/mall', icon: <Icon name="GiftOutline" />, tone: 'purple' },
  {
    key: 'residency',
    label: (t) => t.mResidency.tile,
    to: '/residency',
    icon: <Icon name="UserAddOutline" />,
    tone: 'green',
  },
  {
    key: 'honours',
    label: (t) => t.mLife.honoursTile,
    to: '/honours',
    icon: <Icon name="TravelOutline" />,
    tone: 'orange',
  },
  {
    key: 'myRecord',
    label: (t) => t.mLife.profileTile,
    to: '/my-record',
    icon: <Icon name="UserOutline" />,
    tone: 'blue',
  },
  {
    key: 'training',
    label: (t) => t.mTraining.tile,
    to: '/training',
    icon: <Icon name="FileOutline" />,
    tone: 'green',
  },
];

/** Captains and grid workers visit the elderly and others in care (关爱走访). */
const CARE_TILES: Tile[] = [
  { key: 'care', label: (t) => t.mCare.tile, to: '/care', icon: <Icon name="HeartOutline" />, tone: 'red' },
];

/** Patrols (grid workers, community staff, captains) log campaign sites; assignees clear them (专项整治). */
const CAMPAIGN_TILES: Tile[] = [
  {
    key: 'campaigns',
    label: (t) => t.mCampaigns.tile,
    to: '/campaigns',
    icon: <Icon name="FlagOutline" />,
    tone: 'orange',
  },
  {
    key: 'campaignSites',
    label: (t) => t.mCampaigns.mySitesTile,
    to: '/campaign-sites',
    icon: <Icon name="CheckShieldOutline" />,
    tone: 'green',
  },
];

/** Big tiles, two to a row, every one at least 120px tall with a 20px+ label. */
export default function HomePage() {
  const { t } = useI18n();
  const { user, hasRole, logout } = useAuth();
  const navigate = useNavigate();
  const isCaptain = hasRole('captain');
  const isVisitor = isCaptain || hasRole('grid_worker');
  const isPatrol = isVisitor || hasRole('community_staff');
  // The unread count for the 通知公告 tile.
  const bulletins = useRequest((signal) => api.get<NoticeFeed>('/notices/feed', { signal }), []);
  // The unread count for the 通知 tile; an error just hides the badge.
  const unread = useRequest(
    (signal) => api.get<NotificationPage>('/notifications', { query: { unread: '1', limit: 1 }, signal }),
    [],
  );
  // How many newcomers wait for the captain to confirm them (待确认住户).
  const waiting = useRequest(
    (signal) =>
      isCaptain ? api.get<{ items: unknown[] }>('/residency-claims', { signal }) : Promise.resolve({ items: [] }),
    [isCaptain],
  );

  return (
    <main className="m-home">
      <header className="m-home-head">
        <div>
          <div className="m-greeting">{fmt(t.mobile.greeting, { name: user?.name ?? t.mobile.guest })}</div>
          <div className="m-roles">
            {user?.roles.map((r) => `${label(t.roles, r.role)} · ${r.orgUnitName}`).join('，')}
          </div>
        </div>
        <div className="m-head-tools">
          <TextSizeToggle />
          <LanguageToggle />
        </div>
      </header>

      <section aria-labelledby="m-resident">
        <h2 id="m-resident" className="m-section-title">
          {t.mobile.residentSection}
        </h2>
        <TileGrid
          tiles={RESIDENT_TILES}
          badges={{ notices: unread.data?.unreadCount ?? 0, bulletins: bulletins.data?.unreadCount ?? 0 }}
        />
      </section>

      {isCaptain && (
        <section aria-labelledby="m-captain">
          <h2 id="m-captain" className="m-section-title">
            {t.mobile.captainSection}
          </h2>
          <TileGrid tiles={CAPTAIN_TILES} badges={{ residency: waiting.data?.items.length ?? 0 }} />
        </section>
      )}

      {isVisitor && (
        <section aria-labelledby="m-care">
          <h2 id="m-care" className="m-section-title">
            {t.mCare.section}
          </h2>
          <TileGrid tiles={CARE_TILES} />
        </section>
      )}

      {isPatrol && (
        <section aria-labelledby="m-campaigns">
          <h2 id="m-campaigns" className="m-section-title">
            {t.mCampaigns.section}
          </h2>
          <TileGrid tiles={CAMPAIGN_TILES} />
        </section>
      )}

      <SignOut
        onConfirm={async () => {
          await logout().catch(() => undefined);
          navigate('/login', { replace: true });
        }}
      />
    </main>
  );
}

/**
 * 退出登录 is small and asks first: on a shared family phone a mistaken tap would otherwise mean signing
 * in again before the captain sees their tasks. The question opens in place, no pop-up.
 */
function SignOut({ onConfirm }: { onConfirm: () => Promise<void> }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking)
    return (
      <div className="m-footer">
        <PlainButton kind="text" className="m-sign-out" onClick={() => setAsking(true)}>
          {t.common.logout}
        </PlainButton>
      </div>
    );
  return (
    <section className="m-footer m-card m-sign-out-ask" aria-labelledby="m-sign-out-q">
      <p id="m-sign-out-q">{t.mobile.signOutQuestion}</p>
      <div className="m-sign-out-actions">
        <PlainButton
          kind="danger"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            await onConfirm();
          }}
        >
          {t.mobile.signOutConfirm}
        </PlainButton>
        <PlainButton onClick={() => setAsking(false)}>{t.common.cancel}</PlainButton>
      </div>
    </section>
  );
}

function TileGrid({ tiles, badges = {} }: { tiles: Tile[]; badges?: Record<string, number> }) {
  const { t } = useI18n();
  return (
    <nav className="m-tiles">
      {tiles.map((tile) => (
        <Link key={tile.key} to={tile.to} className={`m-tile m-tone-${tile.tone}`}>
          <span className="m-tile-icon" aria-hidden="true">
            {tile.icon}
          </span>
          <span className="m-tile-label">{tile.label(t)}</span>
          {(badges[tile.key] ?? 0) > 0 && <span className="m-tile-badge">{badges[tile.key]}</span>}
        </Link>
      ))}
    </nav>
  );
}
