CREATE TABLE "mall_order_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mall_order_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"product_name" text NOT NULL,
	"quantity" integer NOT NULL,
	"points_price" integer NOT NULL,
	"unit_cost_yuan" numeric(10, 2) NOT NULL,
	CONSTRAINT "mall_order_lines_quantity_ck" CHECK ("mall_order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "mall_orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mall_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"window_month" text NOT NULL,
	"path" text NOT NULL,
	"status" text DEFAULT 'placed' NOT NULL,
	"points_total" integer NOT NULL,
	"cost_total_yuan" numeric(12, 2) NOT NULL,
	"pickup_code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ready_at" timestamp with time zone,
	"picked_up_at" timestamp with time zone,
	"picked_up_by" bigint,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" bigint,
	"cancel_reason" text,
	CONSTRAINT "mall_orders_status_ck" CHECK ("mall_orders"."status" in ('placed','ready','picked_up','cancelled')),
	CONSTRAINT "mall_orders_total_ck" CHECK ("mall_orders"."points_total" > 0)
);
--> statement-breakpoint
CREATE TABLE "mall_products" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mall_products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"photo_id" bigint,
	"points_price" integer NOT NULL,
	"stock" integer NOT NULL,
	"unit_cost_yuan" numeric(10, 2) NOT NULL,
	"per_person_limit" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mall_products_stock_ck" CHECK ("mall_products"."stock" >= 0),
	CONSTRAINT "mall_products_price_ck" CHECK ("mall_products"."points_price" > 0),
	CONSTRAINT "mall_products_cost_ck" CHECK ("mall_products"."unit_cost_yuan" >= 0),
	CONSTRAINT "mall_products_limit_ck" CHECK ("mall_products"."per_person_limit" is null or "mall_products"."per_person_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "mall_settings" (
	"street_id" bigint PRIMARY KEY NOT NULL,
	"window_start_day" integer DEFAULT 1 NOT NULL,
	"window_end_day" integer DEFAULT 7 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mall_settings_window_ck" CHECK ("mall_settings"."window_start_day" between 1 and 28 and "mall_settings"."window_end_day" between "mall_settings"."window_start_day" and 28)
);
--> statement-breakpoint
CREATE TABLE "point_accounts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"owner_key" text NOT NULL,
	"user_id" bigint,
	"balance" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_accounts_kind_ck" CHECK ("point_accounts"."kind" in ('issuance','mall_sink','captain')),
	CONSTRAINT "point_accounts_owner_ck" CHECK (("point_accounts"."kind" = 'captain') = ("point_accounts"."user_id" is not null) and ("point_accounts"."kind" <> 'captain' or "point_accounts"."owner_key" = 'captain:' || "point_accounts"."user_id") and ("point_accounts"."kind" = 'captain' or "point_accounts"."owner_key" = "point_accounts"."kind")),
	CONSTRAINT "point_accounts_balance_ck" CHECK ("point_accounts"."kind" = 'issuance' or "point_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "point_adjustments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" bigint NOT NULL,
	"decided_by" bigint,
	"entry_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "point_adjustments_points_ck" CHECK ("point_adjustments"."points" <> 0),
	CONSTRAINT "point_adjustments_status_ck" CHECK ("point_adjustments"."status" in ('pending','applied','rejected')),
	CONSTRAINT "point_adjustments_approver_ck" CHECK ("point_adjustments"."decided_by" is null or "point_adjustments"."decided_by" <> "point_adjustments"."requested_by")
);
--> statement-breakpoint
CREATE TABLE "point_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"street_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"cause_key" text NOT NULL,
	"memo" text NOT NULL,
	"actor_user_id" bigint,
	"reverses_entry_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_entries_kind_ck" CHECK ("point_entries"."kind" in ('chore_award','honour_bonus','redemption','redemption_refund','adjustment','reversal','expiry'))
);
--> statement-breakpoint
CREATE TABLE "point_postings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_postings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entry_id" bigint NOT NULL,
	"street_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "point_postings_amount_ck" CHECK ("point_postings"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "point_settings" (
	"street_id" bigint PRIMARY KEY NOT NULL,
	"yuan_per_point" numeric(10, 4) DEFAULT 0.5 NOT NULL,
	"adjustment_threshold" integer DEFAULT 100 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_settings_yuan_ck" CHECK ("point_settings"."yuan_per_point" >= 0),
	CONSTRAINT "point_settings_threshold_ck" CHECK ("point_settings"."adjustment_threshold" >= 0)
);
--> statement-breakpoint
ALTER TABLE "mall_order_lines" ADD CONSTRAINT "mall_order_lines_order_id_mall_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."mall_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mall_order_lines" ADD CONSTRAINT "mall_order_lines_product_id_mall_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."mall_products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mall_orders" ADD CONSTRAINT "mall_orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mall_orders" ADD CONSTRAINT "mall_orders_picked_up_by_users_id_fk" FOREIGN KEY ("picked_up_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mall_orders" ADD CONSTRAINT "mall_orders_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mall_products" ADD CONSTRAINT "mall_products_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_accounts" ADD CONSTRAINT "point_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_adjustments" ADD CONSTRAINT "point_adjustments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_adjustments" ADD CONSTRAINT "point_adjustments_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_adjustments" ADD CONSTRAINT "point_adjustments_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_adjustments" ADD CONSTRAINT "point_adjustments_entry_id_point_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."point_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_postings" ADD CONSTRAINT "point_postings_entry_id_point_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."point_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_postings" ADD CONSTRAINT "point_postings_account_id_point_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mall_order_lines_uq" ON "mall_order_lines" USING btree ("order_id","product_id");--> statement-breakpoint
CREATE INDEX "mall_order_lines_product_idx" ON "mall_order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mall_orders_one_per_window_uq" ON "mall_orders" USING btree ("street_id","window_month","user_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "mall_orders_pickup_code_uq" ON "mall_orders" USING btree ("pickup_code");--> statement-breakpoint
CREATE INDEX "mall_orders_user_idx" ON "mall_orders" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "mall_orders_street_idx" ON "mall_orders" USING btree ("street_id","window_month","status");--> statement-breakpoint
CREATE INDEX "mall_products_street_idx" ON "mall_products" USING btree ("street_id","is_active","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "point_accounts_owner_uq" ON "point_accounts" USING btree ("street_id","owner_key");--> statement-breakpoint
CREATE INDEX "point_accounts_user_idx" ON "point_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "point_adjustments_street_idx" ON "point_adjustments" USING btree ("street_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "point_entries_cause_uq" ON "point_entries" USING btree ("street_id","cause_key");--> statement-breakpoint
CREATE UNIQUE INDEX "point_entries_reverses_uq" ON "point_entries" USING btree ("reverses_entry_id");--> statement-breakpoint
CREATE INDEX "point_entries_street_idx" ON "point_entries" USING btree ("street_id","id");--> statement-breakpoint
CREATE INDEX "point_postings_account_idx" ON "point_postings" USING btree ("account_id","entry_id");--> statement-breakpoint
CREATE INDEX "point_postings_entry_idx" ON "point_postings" USING btree ("entry_id");