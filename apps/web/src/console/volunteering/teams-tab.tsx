import { TEAM_SPECIALITIES, type TeamView, type VolunteerView } from '@louzhang/contracts';
import { Button, Card, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { api } from '../../common/api';
import { useRequest } from '../../common/use-request';
import { ScopeSelect } from '../components/scope-select';
import { useAction } from '../components/use-action';
import { label, useI18n } from '../i18n';

/** 志愿队伍: the teams with their speciality and leader, a new team, and a volunteer added to one. */
export function TeamsTab() {
  const { t } = useI18n();
  const teams = useRequest((signal) => api.get<{ items: TeamView[] }>('/volunteer-teams', { signal }), []);
  const volunteers = useRequest((signal) => api.get<{ items: VolunteerView[] }>('/volunteers', { signal }), []);
  const options = (volunteers.data?.items ?? []).map((v) => ({
    value: v.id,
    label: `${v.name}（${v.communityName}）`,
  }));
  const [form] = Form.useForm();
  const [adding, setAdding] = useState<TeamView | null>(null);
  const [member, setMember] = useState<number | undefined>();
  const run = useAction(t.cVolunteer.saved, teams.reload);
  return (
    <Card>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={(v) => run(() => api.create('/volunteer-teams', v)).then((ok) => ok && form.resetFields())}
      >
        <Form.Item name="orgUnitId" rules={[{ required: true }]}>
          <ScopeSelect value={undefined} onChange={() => undefined} width={200} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, max: 40 }]}>
          <Input placeholder={t.cVolunteer.teamName} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="speciality" rules={[{ required: true }]}>
          <Select
            placeholder={t.cVolunteer.speciality}
            style={{ width: 140 }}
            options={TEAM_SPECIALITIES.map((s) => ({ value: s, label: label(t.teamSpecialities, s) }))}
          />
        </Form.Item>
        <Form.Item name="leaderVolunteerId">
          <Select
            placeholder={t.cVolunteer.leader}
            style={{ width: 160 }}
            options={options}
            showSearch
            optionFilterProp="label"
            allowClear
          />
        </Form.Item>
        <Button htmlType="submit">{t.cVolunteer.newTeam}</Button>
      </Form>
      <Table<TeamView>
        rowKey="id"
        size="small"
        loading={teams.loading}
        dataSource={teams.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t.cVolunteer.teamName, dataIndex: 'name', key: 'name' },
          { title: t.cVolunteer.speciality, key: 'sp', render: (_, x) => label(t.teamSpecialities, x.speciality) },
          { title: t.cVolunteer.unit, dataIndex: 'orgUnitName', key: 'unit' },
          { title: t.cVolunteer.leader, key: 'leader', render: (_, x) => x.leader?.name ?? '—' },
          { title: t.cVolunteer.members, dataIndex: 'memberCount', key: 'n', width: 80 },
          {
            title: '',
            key: 'add',
            width: 100,
            render: (_, x) => (
              <Button size="small" type="link" onClick={() => setAdding(x)}>
                {t.cVolunteer.addMember}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={adding !== null}
        title={`${t.cVolunteer.addMember} · ${adding?.name ?? ''}`}
        onCancel={() => setAdding(null)}
        onOk={async () => {
          if (member && (await run(() => api.post(`/volunteer-teams/${adding?.id}/members`, { volunteerId: member }))))
            setAdding(null);
        }}
        destroyOnHidden
      >
        <Select
          style={{ width: '100%' }}
          options={options}
          value={member}
          onChange={setMember}
          showSearch
          optionFilterProp="label"
        />
      </Modal>
    </Card>
  );
}
