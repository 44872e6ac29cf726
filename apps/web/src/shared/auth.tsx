import type { Role, UserView } from '@louzhang/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, isApiError, onUnauthenticated } from './api';

export type User = UserView;

type Status = 'loading' | 'signedIn' | 'signedOut' | 'error';

interface AuthValue {
  status: Status;
  user: User | null;
  /** Why "who am I" failed when status is 'error' (e.g. the server is down). */
  error: unknown;
  /** Staff only: an authenticator is set up / their street requires one (null for others). */
  secondFactor: { enabled: boolean; required: boolean } | null;
  /** `totpCode` where the street requires a second factor of its staff (the server answers TOTP_REQUIRED). */
  login: (phone: string, password: string, totpCode?: string) => Promise<User>;
  /** Signs in with a one-time SMS code (the first sign-in of a new phone creates a resident's account). */
  loginWithCode: (phone: string, code: string, totpCode?: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => void;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Where the signed-in staff member's second factor stands (null for non-staff, or when unknown). */
async function secondFactorNow(): Promise<AuthValue['secondFactor']> {
  try {
    const me = await api.get<{ secondFactor?: AuthValue['secondFactor'] }>('/auth/me', { quiet401: true });
    return me.secondFactor ?? null;
  } catch {
    return null;
  }
}

/** Holds the signed-in user for either app: asks /auth/me on start and forgets the user on any 401. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [secondFactor, setSecondFactor] = useState<AuthValue['secondFactor']>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-runs the check on refresh()
  useEffect(() => {
    let live = true;
    setStatus('loading');
    api.get<{ user: User; secondFactor?: AuthValue['secondFactor'] }>('/auth/me', { quiet401: true }).then(
      (r) => {
        if (!live) return;
        setUser(r.user);
        setSecondFactor(r.secondFactor ?? null);
        setStatus('signedIn');
      },
      (e: unknown) => {
        if (!live) return;
        setUser(null);
        if (isApiError(e) && e.status === 401) setStatus('signedOut');
        else {
          setError(e);
          setStatus('error');
        }
      },
    );
    return () => {
      live = false;
    };
  }, [tick]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setUser(null);
        setStatus('signedOut');
      }),
    [],
  );

  const login = useCallback(async (phone: string, password: string, totpCode?: string) => {
    const r = await api.post<{ user: User }>(
      '/auth/login',
      { phone, password, ...(totpCode ? { totpCode } : {}) },
      { quiet401: true },
    );
    setSecondFactor(await secondFactorNow());
    setUser(r.user);
    setStatus('signedIn');
    return r.user;
  }, []);

  const loginWithCode = useCallback(async (phone: string, code: string, totpCode?: string) => {
    const r = await api.post<{ user: User }>(
      '/auth/sms-login',
      { phone, code, ...(totpCode ? { totpCode } : {}) },
      { quiet401: true },
    );
    setSecondFactor(await secondFactorNow());
    setUser(r.user);
    setStatus('signedIn');
    return r.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { quiet401: true });
    } finally {
      setUser(null);
      setStatus('signedOut');
    }
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      secondFactor,
      error,
      login,
      loginWithCode,
      logout,
      refresh: () => setTick((n) => n + 1),
      hasRole: (...roles) => !!user?.roles.some((r) => roles.includes(r.role)),
    }),
    [status, user, secondFactor, error, login, loginWithCode, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** Roles that work in the console (everyone but residents, captains and partners uses it). */
export const STAFF_ROLES: Role[] = [
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'property_window',
  'admin',
];

/** Asks the server to text a one-time code; resolves to the seconds before another may be asked. */
export async function requestSmsCode(phone: string, purpose: 'login' | 'reset' = 'login'): Promise<number> {
  const r = await api.post<{ retryAfterSeconds: number }>('/auth/sms-code', { phone, purpose }, { quiet401: true });
  return r.retryAfterSeconds;
}
