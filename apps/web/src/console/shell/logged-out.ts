import { useEffect, useState } from 'react';

/** Set by 退出登录 just before the session ends; read once by the sign-in page. */
export const LOGGED_OUT_KEY = 'lz-console-logged-out';

/** True on the sign-in page shown right after 退出登录 (then forgotten: a reload does not say it again). */
export function useLoggedOutNotice(): boolean {
  const [shown] = useState(() => sessionStorage.getItem(LOGGED_OUT_KEY) === '1');
  useEffect(() => sessionStorage.removeItem(LOGGED_OUT_KEY), []);
  return shown;
}
