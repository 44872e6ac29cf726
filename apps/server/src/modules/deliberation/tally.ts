import type { BallotChoice, ProposalRule } from '@louzhang/contracts';

/**
 * The tally of a proposal (docs/rules.md#deliberation), a pure function of the electoral roll and the ballots.
 *
 * Civil Code art. 278 (owners' joint decisions): the vote counts only if owners holding at least 2/3 of the
 * exclusive floor area and at least 2/3 of the owners take part (参与表决, abstentions included); a major matter
 * (items 6–8) passes with at least 3/4 of the participating area and at least 3/4 of the participating owners,
 * any other matter with more than half of both.
 *
 * Owners and areas are counted as 法释〔2009〕7号 arts. 8–9 say: a unit's area is its registered exclusive floor
 * area and the building's total is the sum of the units'; owners are counted one per unit, except that all the
 * units of one buyer (and all the developer's unsold or undelivered units) count as one owner. The roll marks
 * this with `ownerKey`: units sharing a key are one owner, who holds the sum of their areas.
 *
 * Informal building votes count households, one vote each, against every household on the roll. An informal vote
 * may put its own options (方案一/方案二/暂缓 …) instead of 同意/反对/弃权: each household chooses one, and the
 * option chosen by the rule's share of all households on the roll (more than half, two thirds, every one) is
 * adopted; with none reaching it, nothing is adopted and the proposal does not pass.
 *
 * All arithmetic is on integers (areas in hundredths of m²), so "exactly 2/3" is exact.
 */
/** One unit (household) of the roll with the ballot cast for it, if any. */
export interface RollEntry {
  householdId: number;
  /** Units sharing a key belong to one owner (法释〔2009〕7号 art. 9); null: the unit is its own owner. */
  ownerKey: string | null;
  /** Registered exclusive floor area in hundredths of m² (法释〔2009〕7号 art. 8). */
  areaCm2: number;
  choice: BallotChoice | null;
  /** The chosen option's index, on a proposal with options of its own. */
  option?: number | null;
}

export interface Count {
  owners: number;
  /** Hundredths of m². */
  areaCm2: number;
}

export interface TallyResult {
  rule: ProposalRule;
  eligible: Count;
  voted: Count;
  agree: Count;
  against: Count;
  abstain: Count;
  /** Households per option (index order), on a proposal with options of its own; absent otherwise. */
  options?: number[];
  /** The adopted option's index (options only): the one that reached the rule's threshold. */
  adopted?: number | null;
  quorumMet: boolean;
  passes: boolean;
}

export class MixedOwnerBallotsError extends Error {
  constructor(readonly ownerKey: string) {
    super(`the units of owner ${ownerKey} carry different ballots`);
  }
}

export const isCivilCode = (rule: ProposalRule) => rule === 'civil_code_major' || rule === 'civil_code_ordinary';

interface Voter {
  areaCm2: number;
  choice: BallotChoice | null;
  option?: number | null;
}

/**
 * Groups the roll into voters: owners for civil-code rules (units of one owner together, one choice for all of
 * them — the service casts an owner's ballot on each of their units), households for informal votes.
 */
export function votersOf(rule: ProposalRule, roll: readonly RollEntry[]): Voter[] {
  if (!isCivilCode(rule)) return roll.map((u) => ({ areaCm2: u.areaCm2, choice: u.choice, option: u.option ?? null }));
  const owners = new Map<string, Voter & { key: string; units: number; voted: number }>();
  for (const u of roll) {
    const key = u.ownerKey === null ? `#${u.householdId}` : `k:${u.ownerKey}`;
    const o = owners.get(key);
    if (!o) {
      owners.set(key, { key, areaCm2: u.areaCm2, choice: u.choice, units: 1, voted: u.choice ? 1 : 0 });
      continue;
    }
    o.areaCm2 += u.areaCm2;
    o.units += 1;
    if (u.choice) o.voted += 1;
    if (u.choice && o.choice && u.choice !== o.choice) throw new MixedOwnerBallotsError(u.ownerKey!);
    o.choice ??= u.choice;
  }
  for (const o of owners.values()) {
    if (o.voted !== 0 && o.voted !== o.units) throw new MixedOwnerBallotsError(o.key);
  }
  return [...owners.values()].map(({ areaCm2, choice }) => ({ areaCm2, choice }));
}

const sum = (vs: readonly Voter[], pick: (v: Voter) => boolean): Count => {
  let owners = 0;
  let areaCm2 = 0;
  for (const v of vs) {
    if (!pick(v)) continue;
    owners += 1;
    areaCm2 += v.areaCm2;
  }
  return { owners, areaCm2 };
};

/** At least num/den of whole: part * den >= whole * num, in integers. */
const atLeast = (part: number, whole: number, num: number, den: number) => part * den >= whole * num;

/** Whether `part` households of `whole` meet an informal rule's threshold. */
function informalMet(rule: ProposalRule, part: number, whole: number): boolean {
  if (whole === 0) return false;
  if (rule === 'informal_majority') return part * 2 > whole;
  if (rule === 'informal_two_thirds') return atLeast(part, whole, 2, 3);
  return part === whole;
}

/**
 * `optionCount` > 0: the proposal has that many options of its own (informal rules only); ballots carry `option`.
 */
export function tally(rule: ProposalRule, roll: readonly RollEntry[], optionCount = 0): TallyResult {
  const voters = votersOf(rule, roll);
  const eligible = sum(voters, () => true);
  if (optionCount > 0 && !isCivilCode(rule)) {
    const counts = Array.from({ length: optionCount }, () => 0);
    for (const v of voters) if (v.option !== null && v.option !== undefined) counts[v.option]! += 1;
    const voted = sum(voters, (v) => v.option !== null && v.option !== undefined);
    const adoptedIdx = counts.findIndex((n) => informalMet(rule, n, eligible.owners));
    const none = { owners: 0, areaCm2: 0 };
    return {
      rule,
      eligible,
      voted,
      agree: none,
      against: none,
      abstain: none,
      options: counts,
      adopted: adoptedIdx === -1 ? null : adoptedIdx,
      quorumMet:
        rule === 'informal_majority'
          ? voted.owners * 2 > eligible.owners
          : rule === 'informal_two_thirds'
            ? eligible.owners > 0 && atLeast(voted.owners, eligible.owners, 2, 3)
            : eligible.owners > 0 && voted.owners === eligible.owners,
      passes: adoptedIdx !== -1,
    };
  }
  const voted = sum(voters, (v) => v.choice !== null);
  const agree = sum(voters, (v) => v.choice === 'agree');
  const against = sum(voters, (v) => v.choice === 'against');
  const abstain = sum(voters, (v) => v.choice === 'abstain');
  let quorumMet: boolean;
  let passes: boolean;
  switch (rule) {
    case 'civil_code_major':
    case 'civil_code_ordinary': {
      quorumMet =
        eligible.owners > 0 &&
        atLeast(voted.areaCm2, eligible.areaCm2, 2, 3) &&
        atLeast(voted.owners, eligible.owners, 2, 3);
      const agreed =
        rule === 'civil_code_major'
          ? atLeast(agree.areaCm2, voted.areaCm2, 3, 4) && atLeast(agree.owners, voted.owners, 3, 4)
          : agree.areaCm2 * 2 > voted.areaCm2 && agree.owners * 2 > voted.owners;
      passes = quorumMet && agreed;
      break;
    }
    case 'informal_majority':
      quorumMet = voted.owners * 2 > eligible.owners;
      passes = agree.owners * 2 > eligible.owners;
      break;
    case 'informal_two_thirds':
      quorumMet = eligible.owners > 0 && atLeast(voted.owners, eligible.owners, 2, 3);
      passes = eligible.owners > 0 && atLeast(agree.owners, eligible.owners, 2, 3);
      break;
    case 'informal_unanimous':
      quorumMet = eligible.owners > 0 && voted.owners === eligible.owners;
      passes = eligible.owners > 0 && agree.owners === eligible.owners;
      break;
  }
  return { rule, eligible, voted, agree, against, abstain, quorumMet, passes };
}

/** Hundredths of m² as m² with two decimals (e.g. 123456 → 1234.56), exact for the API. */
export const toM2 = (cm2: number) => Math.round(cm2) / 100;

/** m² (at most two decimals, as stored in numeric(9,2)) → hundredths, exact. */
export const toCm2 = (m2: number) => Math.round(m2 * 100);
