CREATE TABLE "benefit_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price" numeric(14, 2) NOT NULL,
	"stock" integer,
	"per_person_limit" integer DEFAULT 1 NOT NULL,
	"min_stars" smallint DEFAULT 0 NOT NULL,
	"area_prefix" text,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"code_days" integer DEFAULT 30 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"review_note" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_offers_stock_ck" CHECK ("benefit_offers"."stock" is null or "benefit_offers"."stock" >= 0),
	CONSTRAINT "benefit_offers_price_ck" CHECK ("benefit_offers"."price" >= 0),
	CONSTRAINT "benefit_offers_window_ck" CHECK ("benefit_offers"."valid_to" >= "benefit_offers"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "benefit_partner_members" (
	"partner_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_partner_members_partner_id_account_id_pk" PRIMARY KEY("partner_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "benefit_partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"area_code" text NOT NULL,
	"address" text NOT NULL,
	"contact" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benefit_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"price" numeric(14, 2) NOT NULL,
	"code_index" text NOT NULL,
	"code_sealed" text NOT NULL,
	"code_key_version" smallint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" uuid,
	"closed_at" timestamp with time zone,
	CONSTRAINT "benefit_redemptions_used_ck" CHECK (("benefit_redemptions"."status" = 'used') = ("benefit_redemptions"."used_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "benefit_offers" ADD CONSTRAINT "benefit_offers_partner_id_benefit_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."benefit_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_offers" ADD CONSTRAINT "benefit_offers_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_partner_members" ADD CONSTRAINT "benefit_partner_members_partner_id_benefit_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."benefit_partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_partner_members" ADD CONSTRAINT "benefit_partner_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_partners" ADD CONSTRAINT "benefit_partners_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_redemptions" ADD CONSTRAINT "benefit_redemptions_offer_id_benefit_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."benefit_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_redemptions" ADD CONSTRAINT "benefit_redemptions_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_redemptions" ADD CONSTRAINT "benefit_redemptions_used_by_accounts_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "benefit_offers_partner_idx" ON "benefit_offers" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "benefit_offers_status_idx" ON "benefit_offers" USING btree ("status","area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_partner_members_account_key" ON "benefit_partner_members" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "benefit_partners_area_idx" ON "benefit_partners" USING btree ("area_code");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_redemptions_code_key" ON "benefit_redemptions" USING btree ("code_index");--> statement-breakpoint
CREATE INDEX "benefit_redemptions_offer_idx" ON "benefit_redemptions" USING btree ("offer_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "benefit_redemptions_volunteer_idx" ON "benefit_redemptions" USING btree ("volunteer_id","created_at");--> statement-breakpoint
CREATE INDEX "benefit_redemptions_open_idx" ON "benefit_redemptions" USING btree ("expires_at") WHERE "benefit_redemptions"."status" = 'open';