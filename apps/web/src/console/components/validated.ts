import type { FormInstance } from 'antd';

/**
 * The form's values, or undefined when a field is invalid (the form then shows the messages). Keeps
 * a failed validation from becoming an unhandled rejection in a Modal's onOk.
 */
export async function validated<T>(form: FormInstance<T>): Promise<T | undefined> {
  try {
    return await form.validateFields();
  } catch {
    return undefined;
  }
}
