import { z } from 'zod';
import { Id, Name, Text } from './common';
import { PhotoView } from './photos';

/**
 * Building deliberation (协商议事, docs/rules.md#deliberation): proposals put to the households of a building or an
 * estate under a rule, one ballot per household, a tally computed live and frozen at close.
 */
export const PROPOSAL_RULES = [
  'civil_code_major',
  'civil_code_ordinary',
  'informal_majority',
  'informal_two_thirds',
  'informal_unanimous',
] as const;
export const ProposalRule = z.enum(PROPOSAL_RULES);
export type ProposalRule = z.infer<typeof ProposalRule>;
export const PROPOSAL_RULE_LABELS: Record<ProposalRule, { zh: string; en: string }> = {
  civil_code_major: { zh: '业主共同决定·重大事项（双四分之三）', en: 'Owners’ decision, major matter (3/4 of both)' },
  civil_code_ordinary: {
    zh: '业主共同决定·一般事项（双过半）',
    en: 'Owners’ decision, ordinary matter (over half of both)',
  },
  informal_majority: { zh: '楼栋议事·过半数户同意', en: 'Building vote: more than half of households' },
  informal_two_thirds: { zh: '楼栋议事·三分之二户同意', en: 'Building vote: two thirds of households' },
  informal_unanimous: { zh: '楼栋议事·全体户同意', en: 'Building vote: every household' },
};

export const BALLOT_CHOICES = ['agree', 'against', 'abstain'] as const;
export const BallotChoice = z.enum(BALLOT_CHOICES);
export type BallotChoice = z.infer<typeof BallotChoice>;
export const BALLOT_CHOICE_LABELS: Record<BallotChoice, { zh: string; en: string }> = {
  agree: { zh: '同意', en: 'Agree' },
  against: { zh: '反对', en: 'Against' },
  abstain: { zh: '弃权', en: 'Abstain' },
};
/** app: the household on the phone; paper: a signed form entered by the captain with its photo; door_to_door: asked at the door. */
export const BALLOT_VIAS = ['app', 'paper', 'door_to_door'] as const;
export const BallotVia = z.enum(BALLOT_VIAS);
export type BallotVia = z.infer<typeof BallotVia>;
export const ProposalStatus = z.enum(['open', 'closed']);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

export const CreateProposalRequest = z
  .object({
    /** A building or an estate. */
    scopeOrgUnitId: Id,
    title: Name(60),
    description: Text(4000).pipe(z.string().min(1)),
    rule: ProposalRule,
    /** ISO instant; votes are taken until then. */
    deadline: z.iso.datetime({ offset: true }),
    allowChange: z.boolean().default(true),
    /** Quotes, drawings: photos uploaded by the caller. */
    attachmentPhotoIds: z.array(Id).max(9).default([]),
    /**
     * An informal vote's own options (2–10, all different), e.g. 方案一/方案二/暂缓; households choose one and the
     * rule's threshold applies to each option. Empty: the ballot is 同意/反对/弃权 (always so under a civil-code rule).
     */
    options: z.array(Name(30)).max(10).default([]),
  })
  .strict();
export type CreateProposalRequest = z.infer<typeof CreateProposalRequest>;

export const CastBallotRequest = z
  .object({
    /** Needed for paper and door-to-door ballots, and when the voter belongs to several households on the roll. */
    householdId: Id.optional(),
    /** 同意/反对/弃权, on a proposal without options of its own. */
    choice: BallotChoice.optional(),
    /** The index of the chosen option, on a proposal with options of its own. */
    option: z.number().int().min(0).max(99).optional(),
    via: BallotVia.default('app'),
    /** The photo of the signed paper form (paper ballots). */
    formPhotoId: Id.optional(),
  })
  .strict();
export type CastBallotRequest = z.infer<typeof CastBallotRequest>;

const Count = z.object({ owners: z.number().int(), areaM2: z.number() });
/** The households that chose one of a proposal's own options. */
export const OptionCount = z.object({ index: z.number().int(), label: z.string(), households: z.number().int() });
export type OptionCount = z.infer<typeof OptionCount>;
/** The tally, as other systems read it: areas in m² with two decimals; `passed` is null while the vote is open. */
export const ProposalTally = z.object({
  rule: ProposalRule,
  status: ProposalStatus,
  eligible: Count,
  voted: Count,
  agree: Count,
  against: Count,
  abstain: Count,
  /** Per option, for a proposal with its own options (empty otherwise). */
  options: z.array(OptionCount),
  quorumMet: z.boolean(),
  passed: z.boolean().nullable(),
  /** The option the rule's threshold of households chose, once closed (null: none, or no options). */
  adoptedOption: z.number().int().nullable(),
});
export type ProposalTally = z.infer<typeof ProposalTally>;

export const BallotView = z.object({
  proposalId: z.number(),
  householdId: z.number(),
  address: z.string(),
  /** Null when the proposal has options of its own: `option` then says which. */
  choice: BallotChoice.nullable(),
  option: z.number().int().nullable(),
  via: BallotVia,
  castByName: z.string(),
  formPhoto: PhotoView.nullable(),
  changes: z.number().int(),
  castAt: z.string(),
  updatedAt: z.string(),
  /** The other units of the same owner, whose ballot this one also is (civil-code rules). */
  alsoForHouseholdIds: z.array(z.number()),
});
export type BallotView = z.infer<typeof BallotView>;

/** A household on the roll, with its ballot if any (managers' view: paper entry, door-to-door). */
export const RollEntryView = z.object({
  householdId: z.number(),
  address: z.string(),
  areaM2: z.number(),
  ownerKey: z.string().nullable(),
  ballot: BallotView.nullable(),
});
export const ProposalRollView = z.object({ items: z.array(RollEntryView) });

export const ProposalView = z.object({
  id: z.number(),
  scopeOrgUnitId: z.number(),
  scopeName: z.string(),
  title: z.string(),
  description: z.string(),
  rule: ProposalRule,
  /** The proposal's own options (informal votes); empty: 同意/反对/弃权. */
  options: z.array(z.string()),
  allowChange: z.boolean(),
  deadline: z.string(),
  status: ProposalStatus,
  attachments: z.array(PhotoView),
  createdByName: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  tally: ProposalTally,
  /** The caller's households on the roll and their ballots. */
  myHouseholds: z.array(z.object({ householdId: z.number(), address: z.string(), ballot: BallotView.nullable() })),
  /** The caller may create ballots for others (paper, door to door) and close the vote. */
  canManage: z.boolean(),
  commentCount: z.number().int(),
});
export type ProposalView = z.infer<typeof ProposalView>;
export const ProposalList = z.object({ items: z.array(ProposalView.omit({ myHouseholds: true })) });
export type ProposalList = z.infer<typeof ProposalList>;

/** Who got the vote link by SMS (外地业主 not yet voted); `resend` sends it again to those who already had it. */
export const SendLinkRequest = z.object({ resend: z.boolean().default(false) }).strict();
export const SendLinkResult = z.object({
  /** Messages queued now. */
  sent: z.number().int(),
  /** Owners skipped because they already had the link (and `resend` was false). */
  alreadySent: z.number().int(),
});
export type SendLinkResult = z.infer<typeof SendLinkResult>;

export const CreateCommentRequest = z.object({ body: Text(1000).pipe(z.string().min(1)) }).strict();
export const CommentView = z.object({
  id: z.number(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export const CommentList = z.object({ items: z.array(CommentView) });
export type CommentList = z.infer<typeof CommentList>;

export const COUNCIL_MEMBER_ROLES = ['captain', 'owner_rep', 'staff'] as const;
export const CouncilMemberRole = z.enum(COUNCIL_MEMBER_ROLES);
export const COUNCIL_MEMBER_ROLE_LABELS: Record<z.infer<typeof CouncilMemberRole>, { zh: string; en: string }> = {
  captain: { zh: '楼长', en: 'Captain' },
  owner_rep: { zh: '业主代表', en: 'Owner representative' },
  staff: { zh: '社区工作者', en: 'Community staff' },
};
export const CreateCouncilRequest = z.object({ orgUnitId: Id, name: Name(40) }).strict();
export const AddCouncilMemberRequest = z
  .object({ name: Name(20), role: CouncilMemberRole, householdId: Id.optional(), joinedOn: z.iso.date() })
  .strict();
export const CreateMeetingRequest = z
  .object({
    heldOn: z.iso.date(),
    title: Name(60),
    attendees: Text(500).pipe(z.string().min(1)),
    minutes: Text(8000).pipe(z.string().min(1)),
    proposalId: Id.optional(),
  })
  .strict();
export const CouncilMemberView = z.object({
  id: z.number(),
  name: z.string(),
  role: CouncilMemberRole,
  householdId: z.number().nullable(),
  joinedOn: z.string(),
});
export const MeetingView = z.object({
  id: z.number(),
  heldOn: z.string(),
  title: z.string(),
  attendees: z.string(),
  minutes: z.string(),
  proposalId: z.number().nullable(),
  createdByName: z.string(),
});
export const CouncilView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  name: z.string(),
  members: z.array(CouncilMemberView),
  meetings: z.array(MeetingView),
});
export const CouncilList = z.object({ items: z.array(CouncilView) });
export type CouncilView = z.infer<typeof CouncilView>;
export type RollEntryView = z.infer<typeof RollEntryView>;
