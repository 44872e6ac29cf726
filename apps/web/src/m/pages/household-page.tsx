import type { HouseholdDetail } from '@louzhang/contracts';
import List from 'antd-mobile/es/components/list';
import Tag from 'antd-mobile/es/components/tag';
import type { ReactNode } from 'react';
import { api, isApiError } from '../../shared/api';
import { fmt, label, useI18n } from '../../shared/i18n';
import { useRequest } from '../../shared/use-request';
import { Screen } from '../components/screen';
import { EmptyState, ErrorState, SectionLoading } from '../components/screen-state';

/** The resident's own household: address and members, numbers masked. */
export default function HouseholdPage() {
  const { t } = useI18n();
  const req = useRequest((signal) => api.get<HouseholdDetail>('/households/mine', { signal }), []);
  const h = req.data;

  let body: ReactNode;
  if (req.loading && !h) body = <SectionLoading />;
  else if (isApiError(req.error, 'NOT_FOUND')) body = <EmptyState description={t.mobile.household.notRegistered} />;
  else if (req.error) body = <ErrorState error={req.error} onRetry={req.reload} />;
  else if (h)
    body = (
      <>
        <div className="m-card">
          <div className="m-card-label">{t.mobile.household.address}</div>
          <div className="m-card-value">{h.address}</div>
          {h.floorArea !== null && (
            <>
              <div className="m-card-label">{t.mobile.household.floorArea}</div>
              <div className="m-card-value">{fmt(t.mobile.household.areaValue, { n: h.floorArea })}</div>
            </>
          )}
        </div>
        <List
          className="m-list"
          header={`${t.mobile.household.members} · ${fmt(t.mobile.household.memberCount, { n: h.residents.length })}`}
        >
          {h.residents.map((r) => (
            <List.Item
              key={r.id}
              description={
                <span className="m-member-desc">
                  {r.phoneMasked && (
                    <span>
                      {t.mobile.household.phone} {r.phoneMasked}
                    </span>
                  )}
                  {r.idNumberMasked && (
                    <span>
                      {t.mobile.household.idNumber} {r.idNumberMasked}
                    </span>
                  )}
                </span>
              }
              extra={r.relation}
            >
              <span className="m-member-name">{r.name}</span>
              {r.birthYear !== null && (
                <span className="m-member-sub">{fmt(t.mobile.household.born, { year: r.birthYear })}</span>
              )}
              {r.careTags?.map((tag) => (
                <Tag key={tag} color="warning" fill="outline" className="m-tag">
                  {label(t.careTags, tag)}
                </Tag>
              ))}
            </List.Item>
          ))}
        </List>
        <p className="m-hint m-pad">{t.mobile.household.privacyNote}</p>
      </>
    );

  return <Screen title={t.mobile.household.title}>{body}</Screen>;
}
