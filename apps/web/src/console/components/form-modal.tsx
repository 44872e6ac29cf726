import { Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';

/**
 * A dialog around a vertical form: OK submits the form (its rules shown in place), Cancel closes, and the
 * fields start afresh each time it opens.
 */
export function FormModal<T>({
  open,
  title,
  form,
  initialValues,
  onCancel,
  onFinish,
  children,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  onCancel: () => void;
  onFinish: (values: T) => unknown;
  children: ReactNode;
}) {
  return (
    <Modal open={open} title={title} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        {children}
      </Form>
    </Modal>
  );
}
