import type { Role, UserView } from '@louzhang/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { adoptResponse, api, isApiError, onUnauthenticated } from './api';

export type User = UserView;

type Status = 'loading' | 'signedIn' | 'signedOut' | 'error';

interface MeAnswer {
  user: User;
  secondFactor?: { enabled: boolean; required: boolean } | null;
}

/**
 * Where an app keeps "who am I" for opening without signal (the phone app: IndexedDB). Without one, an
 * unreachable server is an error screen; with one, the last signed-in user is assumed until the server
 * answers again.
 */
export interface OfflineIdentity {
  load(): Promise<{ data: MeAnswer; fetchedAt: number } | null>;
  save(user: User, answer: MeAnswer): void;
  forget(): void;
}

/** The server did not answer at all (no signal, or down): worth falling back to what was cached. */
function unreachable(e: unknown): boolean {
  return isApiError(e) && (e.status === 0 || e.status >= 502);
}

const RECHECK_MS = 20_000;

declare global {
  interface Window {
    /** "Who am I", started by the early script in index.html before the app's modules arrived. */
    __louzhangMe?: Promise<Response>;
  }
}

/** Asks "who am I", taking the early script's request the first time (once: later checks ask afresh). */
function whoAmI(): Promise<MeAnswer> {
  const early = window.__louzhangMe;
  window.__louzhangMe = undefined;
  return early ? adoptResponse<MeAnswer>(early, { quiet401: true }) : api.get<MeAnswer>('/auth/me', { quiet401: true });
}

interface AuthValue {
  status: Status;
  user: User | null;
  /** Why "who am I" failed when status is 'error' (e.g. the server is down). */
  error: unknown;
  /** Set when the user was taken from the cache because the server could not be reached: when it was fetched. */
  offlineSince: number | null;
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

/**
 * Holds the signed-in user for either app: asks /auth/me on start and forgets the user on any 401.
 * With `offline`, an app opened without signal keeps the last signed-in user (`offlineSince` says from
 * when) and checks again when the signal returns, without unmounting the screen in between.
 */
export function AuthProvider({ children, offline }: { children: ReactNode; offline?: OfflineIdentity }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [secondFactor, setSecondFactor] = useState<AuthValue['secondFactor']>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [offlineSince, setOfflineSince] = useState<number | null>(null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-runs the check on refresh()
  useEffect(() => {
    let live = true;
    // A signed-in screen stays up while the check runs again (e.g. when the signal returns).
    setStatus((s) => (s === 'signedIn' ? s : 'loading'));
    whoAmI().then(
      (r) => {
        if (!live) return;
        offline?.save(r.user, r);
        setUser(r.user);
        setSecondFactor(r.secondFactor ?? null);
        setOfflineSince(null);
        setStatus('signedIn');
      },
      async (e: unknown) => {
        if (!live) return;
        if (isApiError(e) && e.status === 401) {
          offline?.forget();
          setUser(null);
          setOfflineSince(null);
          setStatus('signedOut');
          return;
        }
        const cached = offline && unreachable(e) ? await offline.load() : null;
        if (!live) return;
        if (cached) {
          setUser(cached.data.user);
          setSecondFactor(cached.data.secondFactor ?? null);
          setOfflineSince(cached.fetchedAt);
          setStatus('signedIn');
        } else {
          setUser(null);
          setError(e);
          setStatus('error');
        }
      },
    );
    return () => {
      live = false;
    };
  }, [tick]);

  // Working from the cache: check again as soon as the signal returns, and now and then meanwhile.
  useEffect(() => {
    if (offlineSince === null) return;
    const again = () => setTick((n) => n + 1);
    window.addEventListener('online', again);
    const timer = setInterval(again, RECHECK_MS);
    return () => {
      window.removeEventListener('online', again);
      clearInterval(timer);
    };
  }, [offlineSince]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        offline?.forget();
        setUser(null);
        setOfflineSince(null);
        setStatus('signedOut');
      }),
    [offline],
  );

  /** After either way of signing in: the second-factor state, a fresh offline copy for this person, signed in. */
  const signedIn = useCallback(
    async (user: User) => {
      const sf = await secondFactorNow();
      offline?.forget();
      offline?.save(user, { user, secondFactor: sf });
      setSecondFactor(sf);
      setUser(user);
      setOfflineSince(null);
      setStatus('signedIn');
      return user;
    },
    [offline],
  );

  const login = useCallback(
    async (phone: string, password: string, totpCode?: string) => {
      const r = await api.post<{ user: User }>(
        '/auth/login',
        { phone, password, ...(totpCode ? { totpCode } : {}) },
        { quiet401: true },
      );
      return signedIn(r.user);
    },
    [signedIn],
  );

  const loginWithCode = useCallback(
    async (phone: string, code: string, totpCode?: string) => {
      const r = await api.post<{ user: User }>(
        '/auth/sms-login',
        { phone, code, ...(totpCode ? { totpCode } : {}) },
        { quiet401: true },
      );
      return signedIn(r.user);
    },
    [signedIn],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { quiet401: true });
    } finally {
      offline?.forget();
      setUser(null);
      setOfflineSince(null);
      setStatus('signedOut');
    }
  }, [offline]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      secondFactor,
      error,
      offlineSince,
      login,
      loginWithCode,
      logout,
      refresh: () => setTick((n) => n + 1),
      hasRole: (...roles) => !!user?.roles.some((r) => roles.includes(r.role)),
    }),
    [status, user, secondFactor, error, offlineSince, login, loginWithCode, logout],
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
