import type { ReportCategoryView, ReportLevel } from '@louzhang/contracts';
import { Alert, App, Button, Form, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { REPORT_LEVELS } from '../api-types';
import { PageError } from '../components/page-state';
import type { OrgUnit } from '../components/use-org-tree';
import { validated } from '../components/validated';
import { EP } from '../endpoints';
import { fmt, useI18n } from '../i18n';

type SlaForm = Partial<Record<`${ReportLevel}_ack` | `${ReportLevel}_resolve`, number | null>> & {
  defaultDepartmentId?: number | null;
};

/** 诉求分类与时限 (admins): each category's hours to acknowledge and to resolve per level, and its default department. */
export function CategoriesTab() {
  const { t, lang } = useI18n();
  const s = t.settings.categories;
  const { message } = App.useApp();
  const cats = useRequest((signal) => api.get<{ items: ReportCategoryView[] }>(EP.reportCategories, { signal }), []);
  const depts = useRequest((signal) => api.get<{ items: OrgUnit[] }>(EP.departments, { signal }), []);
  const [editing, setEditing] = useState<ReportCategoryView | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<SlaForm>();

  const items = cats.data?.items ?? [];
  const byId = new Map(items.map((c) => [c.id, c]));
  const nameOf = (c: ReportCategoryView) => (lang === 'en' ? c.nameEn : c.nameZh);
  const fullName = (c: ReportCategoryView) => {
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    return parent ? `${nameOf(parent)} / ${nameOf(c)}` : nameOf(c);
  };
  const deptName = (id: number | null) =>
    id ? (depts.data?.items.find((d) => d.id === id)?.name ?? `#${id}`) : s.none;

  const open = (c: ReportCategoryView) => {
    const values: SlaForm = { defaultDepartmentId: c.defaultDepartmentId };
    for (const x of c.slas) {
      values[`${x.level}_ack`] = x.ackHours;
      values[`${x.level}_resolve`] = x.resolveHours;
    }
    form.setFieldsValue(values);
    setEditing(c);
  };

  const save = async () => {
    if (!editing) return;
    const v = await validated(form);
    if (!v) return;
    const slas = REPORT_LEVELS.flatMap((level) => {
      const ack = v[`${level}_ack`];
      const resolve = v[`${level}_resolve`];
      return ack && resolve ? [{ level, ackHours: ack, resolveHours: resolve }] : [];
    });
    setBusy(true);
    try {
      await api.patch(`${EP.reportCategories}/${editing.id}`, {
        slas,
        defaultDepartmentId: v.defaultDepartmentId ?? null,
      });
      message.success(t.settings.saved);
      setEditing(null);
      cats.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (cats.error) return <PageError error={cats.error} onRetry={cats.reload} />;
  return (
    <>
      <Alert type="info" showIcon title={s.intro} style={{ marginBottom: 16 }} />
      <Table<ReportCategoryView>
        rowKey="id"
        size="small"
        loading={cats.loading}
        dataSource={items}
        pagination={false}
        columns={[
          { title: s.category, key: 'name', render: (_, c) => fullName(c) },
          {
            title: s.slas,
            key: 'slas',
            render: (_, c) =>
              c.slas.length === 0
                ? s.notSet
                : REPORT_LEVELS.flatMap((level) => {
                    const x = c.slas.find((y) => y.level === level);
                    return x ? [`${t.cReports.levels[level]} ${x.ackHours} / ${x.resolveHours}`] : [];
                  }).join('；'),
          },
          { title: s.department, key: 'dept', render: (_, c) => deptName(c.defaultDepartmentId) },
          {
            title: '',
            key: 'edit',
            width: 110,
            render: (_, c) => (
              <Button size="small" onClick={() => open(c)} aria-label={`${s.edit} ${fullName(c)}`}>
                {s.edit}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        title={editing ? fmt(s.editTitle, { name: fullName(editing) }) : ''}
        open={editing !== null}
        onOk={save}
        okText={t.settings.save}
        confirmLoading={busy}
        onCancel={() => setEditing(null)}
        width={620}
        forceRender
      >
        <Form form={form} layout="vertical">
          {REPORT_LEVELS.map((level) => (
            <div key={level} className="lz-sla-row">
              <Form.Item name={`${level}_ack`} label={fmt(s.ackOf, { level: t.cReports.levels[level] })}>
                <InputNumber min={1} max={8760} precision={0} />
              </Form.Item>
              <Form.Item
                name={`${level}_resolve`}
                label={fmt(s.resolveOf, { level: t.cReports.levels[level] })}
                dependencies={[`${level}_ack`]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v) => {
                      const ack = getFieldValue(`${level}_ack`);
                      return v == null || ack == null || v >= ack
                        ? Promise.resolve()
                        : Promise.reject(new Error(s.resolveBeforeAck));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} max={8760} precision={0} />
              </Form.Item>
            </div>
          ))}
          <Form.Item name="defaultDepartmentId" label={s.department}>
            <Select
              allowClear
              placeholder={s.none}
              options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              style={{ width: 240 }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
