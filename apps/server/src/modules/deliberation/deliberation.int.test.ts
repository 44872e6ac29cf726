import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  a,
  call,
  cookies,
  count,
  household,
  lift,
  otherHousehold,
  photo,
  proposal,
  t,
  useDeliberationFixture,
} from '../../../test/deliberation-fixture';
import { child } from '../../../test/factories';
import { rows } from '../../platform/db';

/**
 * Proposals and votes through HTTP (docs/rules.md#deliberation): the 舜德路8号 lift vote under civil_code_major with
 * 12 households of different floor areas, a paper ballot with its photo, every refusal coded and changing nothing,
 * the result frozen at close. Deadlines, absentee and multi-unit owners and concurrency are in
 * deliberation-ballots.int.test.ts.
 */
useDeliberationFixture();

describe('the 舜德路8号 lift vote (civil_code_major, 12 households)', () => {
  let id: number;

  it('opens the vote over the building with its roll of 12 households and their areas', async () => {
    const quote = await photo(cookies.captain!);
    const res = await call(cookies.captain!, 'POST', '/api/v1/proposals', proposal({ attachmentPhotoIds: [quote] }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    id = p.id;
    expect(p.canManage).toBe(true);
    expect(p.attachments).toHaveLength(1);
    expect(p.tally).toEqual({
      rule: 'civil_code_major',
      status: 'open',
      eligible: { owners: 12, areaM2: 1013.05 },
      voted: { owners: 0, areaM2: 0 },
      agree: { owners: 0, areaM2: 0 },
      against: { owners: 0, areaM2: 0 },
      abstain: { owners: 0, areaM2: 0 },
      options: [],
      quorumMet: false,
      passed: null,
      adoptedOption: null,
    });
    expect(await count('audit_log', sql`action = 'proposal.create' and object_id = ${String(id)}`)).toBe(1);
  });

  it('refuses a resident opening a vote, a past deadline, a non-building scope and an unknown unit', async () => {
    const before = await count('proposals');
    expect((await call(lift[0]!.cookie, 'POST', '/api/v1/proposals', proposal())).statusCode).toBe(403);
    expect(
      (await call(cookies.captain!, 'POST', '/api/v1/proposals', proposal({ deadline: '2026-11-01T00:00:00Z' }))).json()
        .error.code,
    ).toBe('PROPOSAL_DEADLINE_PAST');
    expect(
      (await call(cookies.community!, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: a.grid.id }))).json()
        .error.code,
    ).toBe('PROPOSAL_SCOPE_KIND');
    expect((await call(cookies.farStaff!, 'POST', '/api/v1/proposals', proposal())).statusCode).toBe(404);
    expect((await call(cookies.captain!, 'POST', '/api/v1/proposals', proposal({ rule: 'majority' }))).statusCode).toBe(
      400,
    );
    expect(await count('proposals')).toBe(before);
  });

  it('refuses a civil-code vote when a household has no registered area', async () => {
    const b = await child(t.database.db, a.estate, 'building');
    await household(b, '101', null);
    const staff = cookies.community!;
    const res = await call(staff, 'POST', '/api/v1/proposals', proposal({ scopeOrgUnitId: b.id }));
    expect(res.json().error.code).toBe('PROPOSAL_AREAS_MISSING');
    const informal = await call(
      staff,
      'POST',
      '/api/v1/proposals',
      proposal({ scopeOrgUnitId: b.id, rule: 'informal_majority' }),
    );
    expect(informal.statusCode).toBe(201);
  });

  it('hides the vote from a neighbouring building and staff elsewhere', async () => {
    expect((await call(cookies.neighbour!, 'GET', `/api/v1/proposals/${id}`)).statusCode).toBe(404);
    expect((await call(cookies.farStaff!, 'GET', `/api/v1/proposals/${id}/tally`)).statusCode).toBe(404);
    expect(
      (await call(cookies.neighbour!, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'agree' })).statusCode,
    ).toBe(404);
  });

  it('takes a household’s ballot on the phone, lets it change it, and audits both', async () => {
    const h = lift[0]!;
    const first = await call(h.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'against' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ householdId: h.householdId, choice: 'against', via: 'app', changes: 0 });
    const second = await call(h.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'agree' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ choice: 'agree', changes: 1 });
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(1);
    const audit = await rows<{ action: string; detail: { previous: string | null } }>(
      t.database.db,
      sql`select action, detail from audit_log where object_type = 'proposal' and object_id = ${String(id)} and action like 'proposal.ballot.%' order by id`,
    );
    expect(audit.map((x) => [x.action, x.detail.previous])).toEqual([
      ['proposal.ballot.cast', null],
      ['proposal.ballot.change', 'against'],
    ]);
    const mine = (await call(h.cookie, 'GET', `/api/v1/proposals/${id}`)).json();
    expect(mine.myHouseholds).toEqual([
      expect.objectContaining({ householdId: h.householdId, ballot: expect.objectContaining({ choice: 'agree' }) }),
    ]);
    expect(mine.canManage).toBe(false);
  });

  it('refuses a resident’s ballot for another household and a paper ballot by a resident', async () => {
    const res = await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'agree',
      householdId: lift[2]!.householdId,
    });
    expect(res.json().error.code).toBe('BALLOT_NOT_ON_ROLL');
    const paper = await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'agree',
      via: 'door_to_door',
      householdId: lift[2]!.householdId,
    });
    expect(paper.statusCode).toBe(403);
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(1);
  });

  it('takes a paper ballot from the captain only with the form’s photo, and only for a household on the roll', async () => {
    const h = lift[9]!;
    const noPhoto = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'against',
      via: 'paper',
      householdId: h.householdId,
    });
    expect(noPhoto.json().error.code).toBe('BALLOT_FORM_PHOTO_REQUIRED');
    const offRoll = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'agree',
      via: 'door_to_door',
      householdId: otherHousehold,
    });
    expect(offRoll.json().error.code).toBe('BALLOT_NOT_ON_ROLL');
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(1);
    const form = await photo(cookies.captain!);
    const ok = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/ballots`, {
      choice: 'against',
      via: 'paper',
      householdId: h.householdId,
      formPhotoId: form,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ via: 'paper', formPhoto: { id: form } });
    // The signed form is seen by those who run the vote, not by neighbours.
    expect((await call(cookies.community!, 'GET', `/api/v1/photos/${form}`)).statusCode).toBe(200);
    expect((await call(lift[0]!.cookie, 'GET', `/api/v1/photos/${form}`)).statusCode).toBe(404);
  });

  it('refuses to close before the deadline while households have not voted', async () => {
    const res = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/close`);
    expect(res.json().error.code).toBe('PROPOSAL_STILL_OPEN');
    expect((await call(lift[0]!.cookie, 'POST', `/api/v1/proposals/${id}/close`)).statusCode).toBe(403);
  });

  it('takes comments before the close', async () => {
    const res = await call(lift[3]!.cookie, 'POST', `/api/v1/proposals/${id}/comments`, {
      body: '一楼住户的补偿怎么算？',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call(cookies.captain!, 'GET', `/api/v1/proposals/${id}/comments`)).json().items).toHaveLength(1);
  });

  it('passes with 10 agreeing, 1 against and 1 abstaining, and freezes the result', async () => {
    for (const [i, h] of lift.entries()) {
      if (i === 0 || i === 9) continue;
      const res = await call(h.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, {
        choice: i === 8 ? 'abstain' : 'agree',
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const live = (await call(cookies.captain!, 'GET', `/api/v1/proposals/${id}/tally`)).json();
    expect(live.passed).toBeNull();
    expect(live.quorumMet).toBe(true);
    const closed = await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const expected = {
      rule: 'civil_code_major',
      status: 'closed',
      eligible: { owners: 12, areaM2: 1013.05 },
      voted: { owners: 12, areaM2: 1013.05 },
      agree: { owners: 10, areaM2: 843.4 },
      against: { owners: 1, areaM2: 58.9 },
      abstain: { owners: 1, areaM2: 110.75 },
      options: [],
      quorumMet: true,
      passed: true,
      adoptedOption: null,
    };
    expect(closed.json()).toEqual(expected);
    expect((await call(lift[5]!.cookie, 'GET', `/api/v1/proposals/${id}/tally`)).json()).toEqual(expected);
  });

  it('refuses every change to a closed vote: ballots, a second close, comments, and SQL itself', async () => {
    const ballots = await count('proposal_ballots', sql`proposal_id = ${id}`);
    expect(
      (await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: 'against' })).json().error.code,
    ).toBe('PROPOSAL_CLOSED');
    expect((await call(cookies.captain!, 'POST', `/api/v1/proposals/${id}/close`)).json().error.code).toBe(
      'PROPOSAL_CLOSED',
    );
    expect(
      (await call(lift[1]!.cookie, 'POST', `/api/v1/proposals/${id}/comments`, { body: '晚了' })).json().error.code,
    ).toBe('PROPOSAL_CLOSED');
    await expect(
      t.database.db.execute(sql`update proposal_ballots set choice = 'against' where proposal_id = ${id}`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`update proposals set result = null, status = 'open' where id = ${id}`),
    ).rejects.toThrow();
    expect(await count('proposal_ballots', sql`proposal_id = ${id}`)).toBe(ballots);
  });
});
