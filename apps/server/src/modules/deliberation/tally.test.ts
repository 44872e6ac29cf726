import type { BallotChoice } from '@louzhang/contracts';
import { describe, expect, it } from 'vitest';
import { MixedOwnerBallotsError, type RollEntry, tally, toCm2, toM2 } from './tally';

/**
 * The tally at and around every threshold (Civil Code art. 278; 法释〔2009〕7号 arts. 8–9; informal votes).
 * Expected values are worked out by hand from the articles, never read back from the code.
 */
let next = 1;
/** `n` units of `m2` each, own owners, with the given choices (null: not voted) in order. */
function units(m2: number, choices: (BallotChoice | null)[]): RollEntry[] {
  return choices.map((choice) => ({ householdId: next++, ownerKey: null, areaCm2: toCm2(m2), choice }));
}
const rep = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

describe('civil code: quorum (2/3 of area and of owners take part)', () => {
  it('meets the quorum at exactly 2/3 of both', () => {
    // 9 equal units of 100 m²: 6 take part = exactly 2/3 of owners and of area.
    const r = tally('civil_code_ordinary', units(100, [...rep(6, 'agree' as const), ...rep(3, null)]));
    expect(r.eligible).toEqual({ owners: 9, areaCm2: 90000 });
    expect(r.voted).toEqual({ owners: 6, areaCm2: 60000 });
    expect(r.quorumMet).toBe(true);
    expect(r.passes).toBe(true);
  });

  it('misses the quorum one owner under 2/3', () => {
    const r = tally('civil_code_ordinary', units(100, [...rep(5, 'agree' as const), ...rep(4, null)]));
    expect(r.voted.owners).toBe(5);
    expect(r.quorumMet).toBe(false);
    expect(r.passes).toBe(false);
  });

  it('misses the quorum when the area is 0.01 m² under 2/3 though the owners reach it', () => {
    // 3 units: 100.00, 100.00, 100.01 m²; the two smallest take part: 2/3 of owners, 200.00 of 300.01 m².
    // 2/3 of 300.01 = 200.0066…, so 200.00 is short.
    const roll: RollEntry[] = [
      { householdId: 1, ownerKey: null, areaCm2: 10000, choice: 'agree' },
      { householdId: 2, ownerKey: null, areaCm2: 10000, choice: 'agree' },
      { householdId: 3, ownerKey: null, areaCm2: 10001, choice: null },
    ];
    const r = tally('civil_code_major', roll);
    expect(r.voted).toEqual({ owners: 2, areaCm2: 20000 });
    expect(r.quorumMet).toBe(false);
    expect(r.passes).toBe(false);
  });

  it('meets the quorum by area only when exactly 2/3 of it in hundredths', () => {
    // 100.00 + 100.00 + 100.00 m², voters hold 200.00: exactly 2/3.
    const r = tally('civil_code_ordinary', units(100, ['agree', 'agree', null]));
    expect(r.quorumMet).toBe(true);
  });

  it('misses the quorum when the owners are short though the area is reached', () => {
    // 1 big unit 400 m² + 5 small 20 m²: big + 2 small vote = 440/500 m² (88 %) but 3/6 owners (< 2/3).
    const roll = [...units(400, ['agree']), ...units(20, ['agree', 'agree', null, null, null])];
    const r = tally('civil_code_ordinary', roll);
    expect(r.voted).toEqual({ owners: 3, areaCm2: 44000 });
    expect(r.eligible).toEqual({ owners: 6, areaCm2: 50000 });
    expect(r.quorumMet).toBe(false);
    expect(r.passes).toBe(false);
  });

  it('counts abstentions as taking part', () => {
    // 6 of 9 take part, 4 agree and 2 abstain: quorum met; ordinary: 4/6 > 1/2 of both → passes.
    const r = tally(
      'civil_code_ordinary',
      units(50, ['agree', 'agree', 'agree', 'agree', 'abstain', 'abstain', null, null, null]),
    );
    expect(r.quorumMet).toBe(true);
    expect(r.abstain).toEqual({ owners: 2, areaCm2: 10000 });
    expect(r.passes).toBe(true);
  });

  it('never passes with nobody on the roll', () => {
    expect(tally('civil_code_major', []).passes).toBe(false);
    expect(tally('civil_code_major', []).quorumMet).toBe(false);
  });
});

describe('civil code major matters (3/4 of participating area and owners agree)', () => {
  it('passes at exactly 3/4 of both', () => {
    // 12 equal units, 8 take part (2/3), 6 agree = 3/4 of 8.
    const r = tally(
      'civil_code_major',
      units(80, [...rep(6, 'agree' as const), 'against', 'abstain', ...rep(4, null)]),
    );
    expect(r.voted.owners).toBe(8);
    expect(r.agree).toEqual({ owners: 6, areaCm2: 48000 });
    expect(r.quorumMet).toBe(true);
    expect(r.passes).toBe(true);
  });

  it('fails just under 3/4 of owners', () => {
    // 12 take part, 8 agree = 2/3 < 3/4 (9 needed).
    const r = tally('civil_code_major', units(80, [...rep(8, 'agree' as const), ...rep(4, 'against' as const)]));
    expect(r.quorumMet).toBe(true);
    expect(r.passes).toBe(false);
  });

  it('fails when the agreeing area is 0.01 m² under 3/4 though owners reach it', () => {
    // 4 owners take part: three agree with 75.00 m² each (225.00), one against with 75.01: total 300.01,
    // 3/4 of it = 225.0075 > 225.00. Owners 3/4 exactly.
    const roll: RollEntry[] = [
      ...units(75, ['agree', 'agree', 'agree']),
      { householdId: next++, ownerKey: null, areaCm2: 7501, choice: 'against' },
    ];
    const r = tally('civil_code_major', roll);
    expect(r.agree).toEqual({ owners: 3, areaCm2: 22500 });
    expect(r.voted).toEqual({ owners: 4, areaCm2: 30001 });
    expect(r.passes).toBe(false);
  });

  it('passes when the agreeing area is exactly 3/4 in hundredths', () => {
    const roll = units(75, ['agree', 'agree', 'agree', 'against']);
    expect(tally('civil_code_major', roll).passes).toBe(true);
  });

  it('fails when area agrees but owners do not (large units agree, many small units oppose)', () => {
    // 2 units of 300 m² agree, 2 of 50 m² against: area 600/700 = 86 % but owners 2/4 = 50 %.
    const roll = [...units(300, ['agree', 'agree']), ...units(50, ['against', 'against'])];
    const r = tally('civil_code_major', roll);
    expect(r.quorumMet).toBe(true);
    expect(r.passes).toBe(false);
  });

  it('fails when owners agree but area does not (many small units agree, a large one opposes)', () => {
    // 3 units of 50 m² agree, 1 of 300 m² against: owners 3/4 but area 150/450 = 1/3.
    const roll = [...units(50, ['agree', 'agree', 'agree']), ...units(300, ['against'])];
    const r = tally('civil_code_major', roll);
    expect(r.agree.owners * 4).toBe(r.voted.owners * 3);
    expect(r.passes).toBe(false);
  });

  it('counts abstentions against the 3/4: 6 agree, 2 abstain of 8 passes; 6 agree, 3 abstain of 9 fails', () => {
    expect(tally('civil_code_major', units(60, [...rep(6, 'agree' as const), 'abstain', 'abstain'])).passes).toBe(true);
    expect(
      tally('civil_code_major', units(60, [...rep(6, 'agree' as const), 'abstain', 'abstain', 'abstain'])).passes,
    ).toBe(false);
  });
});

describe('civil code ordinary matters (more than half of both)', () => {
  it('fails at exactly half of owners', () => {
    const r = tally('civil_code_ordinary', units(70, ['agree', 'agree', 'against', 'against']));
    expect(r.passes).toBe(false);
  });

  it('passes just over half', () => {
    expect(tally('civil_code_ordinary', units(70, ['agree', 'agree', 'agree', 'against', 'against'])).passes).toBe(
      true,
    );
  });

  it('fails at exactly half of the area though most owners agree', () => {
    // agree: 3 units 50 m² = 150; against: 1 unit 150 m². Owners 3/4 > 1/2, area exactly 1/2: not more than half.
    const r = tally('civil_code_ordinary', [...units(50, ['agree', 'agree', 'agree']), ...units(150, ['against'])]);
    expect(r.passes).toBe(false);
  });

  it('passes with area 0.01 m² over half', () => {
    const roll: RollEntry[] = [
      ...units(50, ['agree', 'agree']),
      { householdId: next++, ownerKey: null, areaCm2: 5001, choice: 'agree' },
      ...units(150, ['against']),
    ];
    expect(tally('civil_code_ordinary', roll).passes).toBe(true);
  });

  it('a matter that passes as ordinary can fail as major', () => {
    const roll = units(90, ['agree', 'agree', 'agree', 'against', 'against']);
    expect(tally('civil_code_ordinary', roll).passes).toBe(true);
    expect(tally('civil_code_major', roll).passes).toBe(false);
  });
});

describe('owners with several units (法释〔2009〕7号 arts. 8–9)', () => {
  it('counts a buyer of three units as one owner holding their summed area', () => {
    const roll: RollEntry[] = [
      { householdId: 1, ownerKey: 'buyer-a', areaCm2: 8850, choice: 'agree' },
      { householdId: 2, ownerKey: 'buyer-a', areaCm2: 9025, choice: 'agree' },
      { householdId: 3, ownerKey: 'buyer-a', areaCm2: 6010, choice: 'agree' },
      { householdId: 4, ownerKey: null, areaCm2: 10000, choice: 'against' },
      { householdId: 5, ownerKey: null, areaCm2: 10000, choice: null },
    ];
    const r = tally('civil_code_major', roll);
    expect(r.eligible).toEqual({ owners: 3, areaCm2: 43885 });
    expect(r.voted).toEqual({ owners: 2, areaCm2: 33885 });
    expect(r.agree).toEqual({ owners: 1, areaCm2: 23885 });
    // 2/3 owners; area 338.85/438.85 = 77 %: quorum met. Agree owners 1/2 < 3/4: fails.
    expect(r.quorumMet).toBe(true);
    expect(r.passes).toBe(false);
  });

  it('counts the developer’s unsold units together as one owner', () => {
    const roll: RollEntry[] = [
      ...units(100, ['agree', 'agree', 'agree', 'agree', 'agree', 'agree']),
      ...[0, 1, 2, 3].map((i) => ({ householdId: 900 + i, ownerKey: 'developer', areaCm2: 10000, choice: null })),
    ];
    const r = tally('civil_code_major', roll);
    // Owners: 6 + 1 = 7, 6 voted (≥ 2/3); area 600/1000 = 60 % < 2/3: quorum missed.
    expect(r.eligible.owners).toBe(7);
    expect(r.quorumMet).toBe(false);
  });

  it('refuses units of one owner carrying different ballots, or only some of them voted', () => {
    const mixed: RollEntry[] = [
      { householdId: 1, ownerKey: 'o', areaCm2: 100, choice: 'agree' },
      { householdId: 2, ownerKey: 'o', areaCm2: 100, choice: 'against' },
    ];
    expect(() => tally('civil_code_major', mixed)).toThrow(MixedOwnerBallotsError);
    const partial: RollEntry[] = [
      { householdId: 1, ownerKey: 'o', areaCm2: 100, choice: 'agree' },
      { householdId: 2, ownerKey: 'o', areaCm2: 100, choice: null },
    ];
    expect(() => tally('civil_code_major', partial)).toThrow(MixedOwnerBallotsError);
  });

  it('informal votes count every household once, owner keys ignored', () => {
    const roll: RollEntry[] = [
      { householdId: 1, ownerKey: 'o', areaCm2: 100, choice: 'agree' },
      { householdId: 2, ownerKey: 'o', areaCm2: 100, choice: 'against' },
      { householdId: 3, ownerKey: null, areaCm2: 100, choice: 'agree' },
    ];
    const r = tally('informal_majority', roll);
    expect(r.eligible.owners).toBe(3);
    expect(r.agree.owners).toBe(2);
    expect(r.passes).toBe(true);
  });
});

describe('informal votes (households, against every household on the roll)', () => {
  it('simple majority: more than half of all households', () => {
    expect(tally('informal_majority', units(1, ['agree', 'agree', 'agree', null, null, null])).passes).toBe(false);
    expect(tally('informal_majority', units(1, ['agree', 'agree', 'agree', 'agree', null, null, null])).passes).toBe(
      true,
    );
    // Abstentions and absences are not agreement: 3 agree of 7 with 4 abstaining fails.
    const r = tally(
      'informal_majority',
      units(1, ['agree', 'agree', 'agree', 'abstain', 'abstain', 'abstain', 'abstain']),
    );
    expect(r.quorumMet).toBe(true);
    expect(r.passes).toBe(false);
  });

  it('two thirds: exactly 2/3 of households passes, just under fails', () => {
    expect(tally('informal_two_thirds', units(1, [...rep(8, 'agree' as const), ...rep(4, null)])).passes).toBe(true);
    expect(
      tally('informal_two_thirds', units(1, [...rep(7, 'agree' as const), ...rep(5, 'against' as const)])).passes,
    ).toBe(false);
  });

  it('unanimity: every household agrees; one abstention or absence fails', () => {
    expect(tally('informal_unanimous', units(1, rep(12, 'agree' as const))).passes).toBe(true);
    expect(tally('informal_unanimous', units(1, [...rep(11, 'agree' as const), 'abstain'])).passes).toBe(false);
    const r = tally('informal_unanimous', units(1, [...rep(11, 'agree' as const), null]));
    expect(r.quorumMet).toBe(false);
    expect(r.passes).toBe(false);
  });
});

describe('areas', () => {
  it('keeps two decimals exactly through hundredths', () => {
    expect(toCm2(88.5)).toBe(8850);
    expect(toCm2(0.29)).toBe(29);
    expect(toCm2(1234.57)).toBe(123457);
    expect(toM2(123457)).toBe(1234.57);
    // 0.1 + 0.2 in floats is 0.30000000000000004; in hundredths it is 30.
    expect(toM2(toCm2(0.1) + toCm2(0.2))).toBe(0.3);
  });
});

/** Households choosing among a proposal's own options (index, null: not voted). */
function picks(options: (number | null)[]): RollEntry[] {
  return options.map((option) => ({ householdId: next++, ownerKey: null, areaCm2: 0, choice: null, option }));
}

describe('informal votes with the proposal’s own options (households per option, against every household)', () => {
  it('adopts under simple majority only an option of more than half of all households', () => {
    // 12 households, 3 options: 7 choose option 1 → 7 of 12 > half: adopted.
    const r = tally('informal_majority', picks([...rep(7, 1), ...rep(3, 0), ...rep(2, 2)]), 3);
    expect(r.options).toEqual([3, 7, 2]);
    expect(r.voted.owners).toBe(12);
    expect(r.adopted).toBe(1);
    expect(r.passes).toBe(true);
    // Exactly half (6 of 12) is not more than half, though it leads.
    const tie = tally('informal_majority', picks([...rep(6, 0), ...rep(4, 1), null, null]), 2);
    expect(tie.options).toEqual([6, 4]);
    expect(tie.adopted).toBeNull();
    expect(tie.passes).toBe(false);
    // Households not voting count against every option: 4 of 7 voted, all for option 0, but 4 of 7 > half.
    expect(tally('informal_majority', picks([0, 0, 0, 0, null, null, null]), 2).adopted).toBe(0);
    expect(tally('informal_majority', picks([0, 0, 0, null, null, null]), 2).adopted).toBeNull();
  });

  it('adopts under two thirds at exactly 2/3 of households and not one under', () => {
    // 12 households: 8 = exactly 2/3.
    const at = tally('informal_two_thirds', picks([...rep(8, 2), ...rep(4, 0)]), 3);
    expect(at.adopted).toBe(2);
    expect(at.passes).toBe(true);
    expect(at.quorumMet).toBe(true);
    const under = tally('informal_two_thirds', picks([...rep(7, 2), ...rep(5, 0)]), 3);
    expect(under.options).toEqual([5, 0, 7]);
    expect(under.adopted).toBeNull();
    expect(under.passes).toBe(false);
  });

  it('adopts under unanimity only when every household chose the same option', () => {
    expect(tally('informal_unanimous', picks(rep(5, 1)), 2).adopted).toBe(1);
    const one = tally('informal_unanimous', picks([...rep(4, 1), 0]), 2);
    expect(one.adopted).toBeNull();
    expect(one.passes).toBe(false);
    const missing = tally('informal_unanimous', picks([...rep(4, 1), null]), 2);
    expect(missing.quorumMet).toBe(false);
    expect(missing.passes).toBe(false);
  });

  it('reports zeros for every option nobody chose and nothing adopted on an empty ballot box', () => {
    const r = tally('informal_majority', picks([null, null, null]), 4);
    expect(r.options).toEqual([0, 0, 0, 0]);
    expect(r.voted.owners).toBe(0);
    expect(r.adopted).toBeNull();
    expect(r.agree).toEqual({ owners: 0, areaCm2: 0 });
  });
});
