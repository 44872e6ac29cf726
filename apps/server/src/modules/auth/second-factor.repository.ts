import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { streetAuthSettings, users } from '../../db/schema';
import type { Db } from '../../platform/db';

export type StreetAuthRow = typeof streetAuthSettings.$inferSelect;

/** What the streets ask of their staff: password required, second factor required (any of them). */
export async function requirementsOf(db: Db, streetIds: number[]): Promise<{ password: boolean; totp: boolean }> {
  if (streetIds.length === 0) return { password: false, totp: false };
  const [row] = await db
    .select({
      password: sql<boolean>`coalesce(bool_or(${streetAuthSettings.staffPasswordRequired}), false)`,
      totp: sql<boolean>`coalesce(bool_or(${streetAuthSettings.staffTotpRequired}), false)`,
    })
    .from(streetAuthSettings)
    .where(inArray(streetAuthSettings.streetId, streetIds));
  return { password: Boolean(row?.password), totp: Boolean(row?.totp) };
}

export async function findSettings(db: Db, streetId: number): Promise<StreetAuthRow | undefined> {
  const [row] = await db.select().from(streetAuthSettings).where(eq(streetAuthSettings.streetId, streetId));
  return row;
}

export async function upsertSettings(db: Db, v: typeof streetAuthSettings.$inferInsert): Promise<void> {
  await db
    .insert(streetAuthSettings)
    .values(v)
    .onConflictDoUpdate({
      target: streetAuthSettings.streetId,
      set: {
        staffPasswordRequired: v.staffPasswordRequired,
        staffTotpRequired: v.staffTotpRequired,
        updatedAt: v.updatedAt,
        updatedByUserId: v.updatedByUserId,
      },
    });
}

export async function setPendingSecret(db: Db, userId: number, enc: string): Promise<void> {
  await db.update(users).set({ totpPendingEnc: enc }).where(eq(users.id, userId));
}

/** Makes the pending secret the account's, recording the step its first code used. */
export async function activatePending(db: Db, userId: number, pendingEnc: string, step: number): Promise<boolean> {
  const done = await db
    .update(users)
    .set({ totpSecretEnc: pendingEnc, totpPendingEnc: null, totpLastStep: step })
    .where(and(eq(users.id, userId), eq(users.totpPendingEnc, pendingEnc)))
    .returning({ id: users.id });
  return done.length === 1;
}

/** Accepts a code's time step once: false when this step (or a later one) was already used. */
export async function useStep(db: Db, userId: number, step: number): Promise<boolean> {
  const done = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return done.length === 1;
}

export async function clearSecret(db: Db, userId: number): Promise<void> {
  await db
    .update(users)
    .set({ totpSecretEnc: null, totpPendingEnc: null, totpLastStep: null })
    .where(eq(users.id, userId));
}
