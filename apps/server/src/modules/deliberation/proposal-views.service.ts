import type {
  BallotChoice,
  BallotVia,
  BallotView,
  ProposalRule,
  ProposalTally,
  ProposalView,
} from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import type { Db } from '../../platform/db';
import type { PhotosService } from '../photos/photos.service';
import { manages } from './deliberation.policy';
import * as repo from './deliberation.repository';
import { isCivilCode, type RollEntry, type TallyResult, tally, toM2 } from './tally';

/** A timestamp as the API writes it. */
export const iso = (d: Date | string) => new Date(d).toISOString();

/** A household's address on the roll: building, unit and room. */
export const addressOf = (r: Pick<repo.RollRow, 'buildingName' | 'unitLabel' | 'room'>) =>
  `${r.buildingName}${r.unitLabel ?? ''}${r.room}室`;
const countOf = (c: { owners: number; areaCm2: number }) => ({ owners: c.owners, areaM2: toM2(c.areaCm2) });

/** The stored, frozen form of a result (integers only) and the API's form of it. */
export function presentTally(
  rule: ProposalRule,
  status: 'open' | 'closed',
  t: TallyResult,
  labels: readonly string[] = [],
): ProposalTally {
  return {
    rule,
    status,
    eligible: countOf(t.eligible),
    voted: countOf(t.voted),
    agree: countOf(t.agree),
    against: countOf(t.against),
    abstain: countOf(t.abstain),
    options: labels.map((label, index) => ({ index, label, households: t.options?.[index] ?? 0 })),
    quorumMet: t.quorumMet,
    passed: status === 'closed' ? t.passes : null,
    adoptedOption: status === 'closed' ? (t.adopted ?? null) : null,
  };
}

/**
 * How a proposal reads (DeliberationService composes this): its view with the reader's households and their
 * ballots, the tally (live while open, frozen once closed), one household's ballot.
 */
export class ProposalViews {
  constructor(private readonly photos: PhotosService) {}

  async tallyOf(db: Db, p: repo.ProposalListed): Promise<ProposalTally> {
    const rule = p.rule as ProposalRule;
    if (p.status === 'closed') return presentTally(rule, 'closed', p.result as TallyResult, p.options);
    return presentTally(
      rule,
      'open',
      tally(rule, (await repo.roll(db, p.id)).map(entryOf), p.options.length),
      p.options,
    );
  }

  async ballotOf(db: Db, p: repo.ProposalListed, e: repo.RollRow, all: repo.RollRow[]): Promise<BallotView | null> {
    if (e.choice === null && e.optionIndex === null) return null;
    const same =
      isCivilCode(p.rule as ProposalRule) && e.ownerKey !== null
        ? all.filter((o) => o.ownerKey === e.ownerKey && o.householdId !== e.householdId).map((o) => o.householdId)
        : [];
    return {
      proposalId: p.id,
      householdId: e.householdId,
      address: addressOf(e),
      choice: (e.choice as BallotChoice | null) ?? null,
      option: e.optionIndex ?? null,
      via: e.castVia as BallotVia,
      castByName: e.castByName ?? '',
      formPhoto: e.formPhotoId ? ((await this.photos.views(db, [e.formPhotoId]))[0] ?? null) : null,
      changes: e.changes ?? 0,
      castAt: iso(e.castAt!),
      updatedAt: iso(e.updatedAt!),
      alsoForHouseholdIds: same,
    };
  }

  async view(db: Db, actor: Actor, p: repo.ProposalListed, withMine = true): Promise<ProposalView> {
    const mineIds = withMine ? await repo.myRollHouseholds(db, p.id, actor.userId) : [];
    const mineRows = mineIds.length ? await repo.roll(db, p.id, mineIds) : [];
    const allForOwners = mineRows.some((r) => r.ownerKey !== null) ? await repo.roll(db, p.id) : mineRows;
    return {
      id: p.id,
      scopeOrgUnitId: p.scopeOrgUnitId,
      scopeName: p.scopeName,
      title: p.title,
      description: p.description,
      rule: p.rule as ProposalRule,
      options: p.options,
      allowChange: p.allowChange,
      deadline: iso(p.deadline),
      status: p.status as 'open' | 'closed',
      attachments: await this.photos.views(db, p.attachmentPhotoIds),
      createdByName: p.createdByName,
      createdAt: iso(p.createdAt),
      closedAt: p.closedAt ? iso(p.closedAt) : null,
      tally: await this.tallyOf(db, p),
      myHouseholds: await Promise.all(
        mineRows.map(async (r) => ({
          householdId: r.householdId,
          address: addressOf(r),
          ballot: await this.ballotOf(db, p, r, allForOwners),
        })),
      ),
      canManage: manages(actor, p.scopePath),
      commentCount: p.commentCount,
    };
  }
}

/** A roll row as the tally counts it. */
export function entryOf(r: repo.RollRow): RollEntry {
  return {
    householdId: r.householdId,
    ownerKey: r.ownerKey,
    areaCm2: r.areaCm2,
    choice: r.choice as BallotChoice | null,
    option: r.optionIndex,
  };
}
