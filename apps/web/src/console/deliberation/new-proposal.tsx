import type { ProposalRule, ProposalView } from '@louzhang/contracts';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../common/api';
import { ScopeSelect } from '../components/scope-select';
import { label, useI18n } from '../i18n';

const RULES: ProposalRule[] = [
  'civil_code_major',
  'civil_code_ordinary',
  'informal_majority',
  'informal_two_thirds',
  'informal_unanimous',
];

interface Values {
  scopeOrgUnitId: number;
  title: string;
  description: string;
  rule: ProposalRule;
  days: number;
  options?: string;
}

/**
 * 发起议题 in the console: a building or an estate, the rule, days until the deadline and, for an informal building
 * vote, its own options one per line (empty: 同意/反对/弃权).
 */
export function NewProposalModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (p: ProposalView) => void;
}) {
  const { t } = useI18n();
  const d = t.deliberation;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const rule = Form.useWatch('rule', form);
  const [saving, setSaving] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const options = rule?.startsWith('informal')
        ? (v.options ?? '')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
        : [];
      const p = await api.create<ProposalView>('/proposals', {
        scopeOrgUnitId: v.scopeOrgUnitId,
        title: v.title.trim(),
        description: v.description.trim(),
        rule: v.rule,
        deadline: new Date(Date.now() + v.days * 86_400_000).toISOString(),
        options,
      });
      message.success(d.console.created);
      form.resetFields();
      onCreated(p);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  const required = [{ required: true, message: d.console.required }];
  return (
    <Modal
      open={open}
      title={d.console.newProposal}
      onCancel={onClose}
      onOk={submit}
      okText={d.console.create}
      okButtonProps={{ loading: saving }}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ rule: 'informal_majority', days: 7 }}>
        <Form.Item name="scopeOrgUnitId" label={d.console.scope} rules={required}>
          <ScopeField />
        </Form.Item>
        <Form.Item name="title" label={d.console.title} rules={required}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="description" label={d.description} rules={required}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="rule" label={d.console.rule} rules={required}>
          <Select options={RULES.map((r) => ({ value: r, label: label(d.rules, r) }))} />
        </Form.Item>
        {rule?.startsWith('informal') && (
          <Form.Item name="options" label={d.options} extra={d.optionsHint}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        <Form.Item name="days" label={d.days} rules={required}>
          <InputNumber min={1} max={90} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ScopeField({
  value,
  onChange,
  id,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  id?: string;
}) {
  return <ScopeSelect id={id} value={value} onChange={(v) => onChange?.(v)} width={420} />;
}
