CREATE TABLE "family_relations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"relative_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"relative_name" text NOT NULL,
	"doc_cipher" text NOT NULL,
	"doc_key_version" smallint NOT NULL,
	"doc_index" text NOT NULL,
	"doc_masked" text NOT NULL,
	"relative_birth_date" date NOT NULL,
	"area_code" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"remark" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_relations_not_self" CHECK ("family_relations"."volunteer_id" <> "family_relations"."relative_id")
);
--> statement-breakpoint
CREATE TABLE "time_credit_pool_moves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"pool_area_code" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"reason" text,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_credit_pool_moves_amount" CHECK ("time_credit_pool_moves"."amount" > 0),
	CONSTRAINT "time_credit_pool_moves_grant" CHECK ("time_credit_pool_moves"."kind" = 'donation' or ("time_credit_pool_moves"."reason" is not null and "time_credit_pool_moves"."granted_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "time_credit_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"relation_id" uuid NOT NULL,
	"from_volunteer_id" uuid NOT NULL,
	"to_volunteer_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"day" date NOT NULL,
	"relative_age" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_credit_transfers_amount" CHECK ("time_credit_transfers"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_owner_key";--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "pool_area" text;--> statement-breakpoint
ALTER TABLE "family_relations" ADD CONSTRAINT "family_relations_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_relations" ADD CONSTRAINT "family_relations_relative_id_volunteers_id_fk" FOREIGN KEY ("relative_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_relations" ADD CONSTRAINT "family_relations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_relations" ADD CONSTRAINT "family_relations_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_pool_moves" ADD CONSTRAINT "time_credit_pool_moves_pool_area_code_areas_code_fk" FOREIGN KEY ("pool_area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_pool_moves" ADD CONSTRAINT "time_credit_pool_moves_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_pool_moves" ADD CONSTRAINT "time_credit_pool_moves_granted_by_accounts_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_transfers" ADD CONSTRAINT "time_credit_transfers_relation_id_family_relations_id_fk" FOREIGN KEY ("relation_id") REFERENCES "public"."family_relations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_transfers" ADD CONSTRAINT "time_credit_transfers_from_volunteer_id_volunteers_id_fk" FOREIGN KEY ("from_volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_transfers" ADD CONSTRAINT "time_credit_transfers_to_volunteer_id_volunteers_id_fk" FOREIGN KEY ("to_volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "family_relations_live_uq" ON "family_relations" USING btree ("volunteer_id","relative_id") WHERE "family_relations"."status" <> 'rejected';--> statement-breakpoint
CREATE INDEX "family_relations_area_idx" ON "family_relations" USING btree ("area_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "time_credit_pool_moves_area_idx" ON "time_credit_pool_moves" USING btree ("pool_area_code");--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_key" UNIQUE NULLS NOT DISTINCT("currency","kind","owner_id","pool_area");--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_pool_area" CHECK (("ledger_accounts"."kind" = 'pool') = ("ledger_accounts"."pool_area" is not null));