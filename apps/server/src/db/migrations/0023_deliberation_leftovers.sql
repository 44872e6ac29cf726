CREATE TABLE "proposal_link_sms" (
	"proposal_id" bigint NOT NULL,
	"resident_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"sends" integer DEFAULT 1 NOT NULL,
	"sent_by" bigint NOT NULL,
	"first_sent_at" timestamp with time zone NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "proposal_link_sms_proposal_id_resident_id_pk" PRIMARY KEY("proposal_id","resident_id"),
	CONSTRAINT "proposal_link_sms_sends_ck" CHECK ("proposal_link_sms"."sends" >= 1)
);
--> statement-breakpoint
ALTER TABLE "proposal_ballots" ALTER COLUMN "choice" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD COLUMN "option_index" integer;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "options" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "proposal_link_sms" ADD CONSTRAINT "proposal_link_sms_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_link_sms" ADD CONSTRAINT "proposal_link_sms_resident_id_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."residents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_link_sms" ADD CONSTRAINT "proposal_link_sms_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_link_sms" ADD CONSTRAINT "proposal_link_sms_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_one_choice_ck" CHECK (("proposal_ballots"."choice" is null) <> ("proposal_ballots"."option_index" is null));--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_option_ck" CHECK ("proposal_ballots"."option_index" is null or "proposal_ballots"."option_index" between 0 and 9);--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_options_ck" CHECK (cardinality("proposals"."options") = 0 or (cardinality("proposals"."options") between 2 and 10 and "proposals"."rule" like 'informal%'));