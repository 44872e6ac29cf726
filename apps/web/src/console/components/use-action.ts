import { App } from 'antd';
import { errorMessage } from '../../common/api';

/**
 * A console action: runs `fn`, then shows `saved` and calls `after` (reload the list, close the dialog);
 * on an error shows its message instead. Resolves to whether it succeeded.
 */
export function useAction(saved: string, after: () => void): (fn: () => Promise<unknown>) => Promise<boolean> {
  const { message } = App.useApp();
  return async (fn) => {
    try {
      await fn();
      message.success(saved);
      after();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
}
