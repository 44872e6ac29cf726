import type { Role } from '@louzhang/contracts';
import { cookieOf, type SideWorld, type World } from './world';

/**
 * The shape of an access-matrix row (access-table.ts) and what the per-area parts (access-*.ts) share: the
 * common role lists and a helper that calls the API as a side's user.
 */
export interface Built {
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface RouteAccess {
  /** Roles allowed inside their jurisdiction; 'public' needs no sign-in; 'signed-in' is any role. */
  allow: readonly Role[] | 'public' | 'signed-in';
  /** Path parameters for a side's fixtures. */
  params?: (
    s: SideWorld,
    w: World,
    role: Role | null,
  ) => Record<string, string | number> | Promise<Record<string, string | number>>;
  query?: (s: SideWorld, w: World) => Record<string, string>;
  /** A valid JSON body (fresh per call: creating routes are called once per role). */
  body?: (s: SideWorld, w: World, role: Role | null) => unknown | Promise<unknown>;
  /** A multipart body instead of JSON. */
  multipart?: (s: SideWorld, w: World) => Promise<Built>;
  /** Statuses of an allowed call; default [200, 201, 204]. */
  ok?: readonly number[];
  /** Body fields whose `null` is valid input (it clears the value), so the fuzzer does not expect it refused. */
  nullable?: readonly string[];
  /**
   * 'deny': the outside variant of the request must be refused (403/404). 'no-rows': refused, or a page
   * with no items. 'none': the request has no side.
   */
  outside: 'deny' | 'no-rows' | 'none';
  /**
   * Declared but not yet modelled (its fixtures are still to write): the matrix then checks only that
   * anonymous is refused, that no role gets a 5xx or a row of the outside, and prints what each role got.
   * The text says why; replace it with a real rule.
   */
  unchecked?: string;
  /** What anonymous gets when not 401 (Open311 answers with its own API-key errors). */
  anonymous?: readonly number[];
  /** Uses up the session (logout): the test signs in afresh for each call. */
  freshSession?: boolean;
}

/** Who handles a report at the building level: its captain, or the estate's property window (docs/rules.md#reports). */
export const LEVEL1: readonly Role[] = ['captain', 'property_window'];
export const STAFF_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
export const REGISTRY_WRITE: readonly Role[] = ['grid_worker', 'community_staff', 'admin'];

/** Calls the API as the side's user of `role`; throws unless it succeeds. */
export async function as(w: World, s: SideWorld, role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await w.t.app.inject({
    method,
    url,
    headers: { cookie: cookieOf(w, s, role) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (res.statusCode >= 300) throw new Error(`${role} ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
