CREATE TABLE "honour_tallies" (
	"street_id" bigint NOT NULL,
	"quarter" date NOT NULL,
	"user_id" bigint NOT NULL,
	"chore_points" bigint DEFAULT 0 NOT NULL,
	"chores" integer DEFAULT 0 NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "honour_tallies_street_id_quarter_user_id_pk" PRIMARY KEY("street_id","quarter","user_id")
);
--> statement-breakpoint
ALTER TABLE "honour_scores" DROP CONSTRAINT "honour_scores_round_id_honour_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "honour_scores" DROP CONSTRAINT "honour_scores_user_id_users_id_fk";
--> statement-breakpoint
DROP INDEX "honour_scores_rank_idx";--> statement-breakpoint
DROP INDEX "honour_scores_user_idx";--> statement-breakpoint
DROP INDEX "honour_scores_token_uq";--> statement-breakpoint
CREATE INDEX "honour_scores_top_idx" ON "honour_scores" USING btree ("round_id","rank") WHERE "honour_scores"."rank" <= 5000;--> statement-breakpoint
CREATE UNIQUE INDEX "honour_scores_token_uq" ON "honour_scores" USING btree ("certificate_token") WHERE "honour_scores"."certificate_token" is not null;--> statement-breakpoint
-- Backfill from the ledger and the reports' timeline, by the rules honours.repository.ts states
-- (quarterOf: the first day of the Asia/Shanghai quarter). Chore awards not reversed, to the captain
-- credited, in the quarter of the award; ratings to the last resolver (0: none), in the quarter rated.
INSERT INTO "honour_tallies" ("street_id", "quarter", "user_id", "chore_points", "chores")
SELECT e."street_id", date_trunc('quarter', (e."created_at" AT TIME ZONE 'UTC') + interval '8 hours')::date, a."user_id",
       sum(pp."amount"), count(*)
  FROM "point_entries" e
  JOIN "point_postings" pp ON pp."entry_id" = e."id"
  JOIN "point_accounts" a ON a."id" = pp."account_id" AND a."kind" = 'captain'
 WHERE e."kind" = 'chore_award'
   AND NOT EXISTS (SELECT 1 FROM "point_entries" r WHERE r."reverses_entry_id" = e."id")
 GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO "honour_tallies" ("street_id", "quarter", "user_id", "ratings", "rating_sum")
SELECT x."street_id", x."quarter", x."handler", count(*), sum(x."rating")
  FROM (
    SELECT r."street_id", r."rating",
           date_trunc('quarter', (rt."at" AT TIME ZONE 'UTC') + interval '8 hours')::date AS "quarter",
           coalesce((SELECT ev."actor_user_id" FROM "report_events" ev
                      WHERE ev."report_id" = r."id" AND ev."type" = 'resolved'
                      ORDER BY ev."version" DESC LIMIT 1), 0) AS "handler"
      FROM "reports" r
      JOIN LATERAL (SELECT ev."at" FROM "report_events" ev
                     WHERE ev."report_id" = r."id" AND ev."type" = 'rated'
                     ORDER BY ev."version" DESC LIMIT 1) rt ON true
     WHERE r."rating" IS NOT NULL
  ) x
 GROUP BY 1, 2, 3
ON CONFLICT ("street_id", "quarter", "user_id") DO UPDATE
   SET "ratings" = "honour_tallies"."ratings" + excluded."ratings",
       "rating_sum" = "honour_tallies"."rating_sum" + excluded."rating_sum";
