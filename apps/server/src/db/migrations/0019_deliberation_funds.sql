CREATE TABLE "council_meetings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "council_meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"council_id" bigint NOT NULL,
	"held_on" date NOT NULL,
	"title" text NOT NULL,
	"attendees" text NOT NULL,
	"minutes" text NOT NULL,
	"proposal_id" bigint,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_members" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "council_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"council_id" bigint NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"household_id" bigint,
	"user_id" bigint,
	"joined_on" date NOT NULL,
	CONSTRAINT "council_members_role_ck" CHECK ("council_members"."role" in ('captain','owner_rep','staff'))
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "councils_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"org_unit_id" bigint NOT NULL,
	"path" text NOT NULL,
	"name" text NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_ballots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposal_ballots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"choice" text NOT NULL,
	"cast_via" text NOT NULL,
	"cast_by" bigint NOT NULL,
	"form_photo_id" bigint,
	"changes" integer DEFAULT 0 NOT NULL,
	"cast_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "proposal_ballots_choice_ck" CHECK ("proposal_ballots"."choice" in ('agree','against','abstain')),
	CONSTRAINT "proposal_ballots_via_ck" CHECK ("proposal_ballots"."cast_via" in ('app','paper','door_to_door')),
	CONSTRAINT "proposal_ballots_paper_ck" CHECK ("proposal_ballots"."cast_via" <> 'paper' or "proposal_ballots"."form_photo_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "proposal_comments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposal_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_roll" (
	"proposal_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"owner_key" text,
	"area_cm2" integer NOT NULL,
	CONSTRAINT "proposal_roll_proposal_id_household_id_pk" PRIMARY KEY("proposal_id","household_id"),
	CONSTRAINT "proposal_roll_area_ck" CHECK ("proposal_roll"."area_cm2" >= 0)
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"scope_org_unit_id" bigint NOT NULL,
	"scope_path" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"rule" text NOT NULL,
	"allow_change" boolean DEFAULT true NOT NULL,
	"attachment_photo_ids" bigint[] DEFAULT '{}' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" jsonb,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_by" bigint,
	"closed_at" timestamp with time zone,
	CONSTRAINT "proposals_rule_ck" CHECK ("proposals"."rule" in ('civil_code_major','civil_code_ordinary','informal_majority','informal_two_thirds','informal_unanimous')),
	CONSTRAINT "proposals_status_ck" CHECK ("proposals"."status" in ('open','closed')),
	CONSTRAINT "proposals_closed_ck" CHECK (("proposals"."status" = 'closed') = ("proposals"."result" is not null and "proposals"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "fund_expenses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fund_expenses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"fund_id" bigint NOT NULL,
	"item" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"receipt_photo_id" bigint NOT NULL,
	"spent_on" date NOT NULL,
	"recorded_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fund_expenses_amount_ck" CHECK ("fund_expenses"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fund_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"fund_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"receipt_photo_id" bigint,
	"recorded_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fund_payments_amount_ck" CHECK ("fund_payments"."amount_fen" > 0),
	CONSTRAINT "fund_payments_method_ck" CHECK ("fund_payments"."method" in ('captain','household')),
	CONSTRAINT "fund_payments_receipt_ck" CHECK ("fund_payments"."method" <> 'captain' or "fund_payments"."receipt_photo_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "fund_quotes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fund_quotes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"fund_id" bigint NOT NULL,
	"contractor" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"photo_id" bigint,
	"note" text,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fund_quotes_amount_ck" CHECK ("fund_quotes"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_refunds" (
	"fund_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fund_refunds_fund_id_household_id_pk" PRIMARY KEY("fund_id","household_id"),
	CONSTRAINT "fund_refunds_amount_ck" CHECK ("fund_refunds"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_shares" (
	"fund_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "fund_shares_fund_id_household_id_pk" PRIMARY KEY("fund_id","household_id"),
	CONSTRAINT "fund_shares_amount_ck" CHECK ("fund_shares"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"building_id" bigint NOT NULL,
	"path" text NOT NULL,
	"title" text NOT NULL,
	"notice" text NOT NULL,
	"proposal_id" bigint,
	"total_fen" bigint NOT NULL,
	"split" text NOT NULL,
	"status" text DEFAULT 'collecting' NOT NULL,
	"created_by" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "funds_total_ck" CHECK ("funds"."total_fen" > 0),
	CONSTRAINT "funds_split_ck" CHECK ("funds"."split" in ('equal','area','custom')),
	CONSTRAINT "funds_status_ck" CHECK ("funds"."status" in ('collecting','settled'))
);
--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "owner_key" text;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_form_photo_id_photos_id_fk" FOREIGN KEY ("form_photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_ballots" ADD CONSTRAINT "proposal_ballots_roll_fk" FOREIGN KEY ("proposal_id","household_id") REFERENCES "public"."proposal_roll"("proposal_id","household_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_roll" ADD CONSTRAINT "proposal_roll_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_roll" ADD CONSTRAINT "proposal_roll_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_scope_org_unit_id_org_units_id_fk" FOREIGN KEY ("scope_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_expenses" ADD CONSTRAINT "fund_expenses_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_expenses" ADD CONSTRAINT "fund_expenses_receipt_photo_id_photos_id_fk" FOREIGN KEY ("receipt_photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_expenses" ADD CONSTRAINT "fund_expenses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_receipt_photo_id_photos_id_fk" FOREIGN KEY ("receipt_photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_quotes" ADD CONSTRAINT "fund_quotes_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_quotes" ADD CONSTRAINT "fund_quotes_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_quotes" ADD CONSTRAINT "fund_quotes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_refunds" ADD CONSTRAINT "fund_refunds_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_refunds" ADD CONSTRAINT "fund_refunds_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_shares" ADD CONSTRAINT "fund_shares_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_shares" ADD CONSTRAINT "fund_shares_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_building_id_org_units_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "council_meetings_council_idx" ON "council_meetings" USING btree ("council_id","held_on");--> statement-breakpoint
CREATE INDEX "council_members_council_idx" ON "council_members" USING btree ("council_id");--> statement-breakpoint
CREATE UNIQUE INDEX "councils_unit_uq" ON "councils" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "councils_path_idx" ON "councils" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_ballots_household_uq" ON "proposal_ballots" USING btree ("proposal_id","household_id");--> statement-breakpoint
CREATE INDEX "proposal_comments_proposal_idx" ON "proposal_comments" USING btree ("proposal_id","id");--> statement-breakpoint
CREATE INDEX "proposals_scope_idx" ON "proposals" USING btree ("scope_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "fund_expenses_fund_idx" ON "fund_expenses" USING btree ("fund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_payments_household_uq" ON "fund_payments" USING btree ("fund_id","household_id");--> statement-breakpoint
CREATE INDEX "fund_quotes_fund_idx" ON "fund_quotes" USING btree ("fund_id");--> statement-breakpoint
CREATE INDEX "funds_path_idx" ON "funds" USING btree ("path" text_pattern_ops,"id");--> statement-breakpoint
-- A closed proposal's result is frozen: the proposal, its roll and its ballots no longer change (docs/rules.md#deliberation).
CREATE FUNCTION louzhang_proposal_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pid bigint;
BEGIN
  IF TG_TABLE_NAME = 'proposals' THEN
    IF OLD.status = 'closed' THEN
      RAISE EXCEPTION 'proposal % is closed', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN pid := OLD.proposal_id; ELSE pid := NEW.proposal_id; END IF;
  IF EXISTS (SELECT 1 FROM proposals WHERE id = pid AND status = 'closed') THEN
    RAISE EXCEPTION 'proposal % is closed', pid USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_frozen BEFORE UPDATE OR DELETE ON proposals
  FOR EACH ROW EXECUTE FUNCTION louzhang_proposal_frozen();
--> statement-breakpoint
CREATE TRIGGER proposal_ballots_frozen BEFORE INSERT OR UPDATE OR DELETE ON proposal_ballots
  FOR EACH ROW EXECUTE FUNCTION louzhang_proposal_frozen();
--> statement-breakpoint
CREATE TRIGGER proposal_roll_frozen BEFORE INSERT OR UPDATE OR DELETE ON proposal_roll
  FOR EACH ROW EXECUTE FUNCTION louzhang_proposal_frozen();
--> statement-breakpoint
-- A fund's shares sum to its total exactly, checked when the transaction commits (docs/rules.md#shared-funds).
CREATE FUNCTION louzhang_fund_shares_sum() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fid bigint;
  total bigint;
  shares bigint;
  n int;
BEGIN
  IF TG_TABLE_NAME = 'funds' THEN fid := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN fid := OLD.fund_id;
  ELSE fid := NEW.fund_id;
  END IF;
  SELECT total_fen INTO total FROM funds WHERE id = fid;
  IF total IS NULL THEN RETURN NULL; END IF;
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO shares, n FROM fund_shares WHERE fund_id = fid;
  IF n > 0 AND shares <> total THEN
    RAISE EXCEPTION 'shares of fund % sum to % fen, not its total %', fid, shares, total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER fund_shares_sum AFTER INSERT OR UPDATE OR DELETE ON fund_shares
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION louzhang_fund_shares_sum();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER funds_shares_sum AFTER UPDATE OF total_fen ON funds
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION louzhang_fund_shares_sum();
