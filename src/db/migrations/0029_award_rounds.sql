CREATE TABLE "award_nominees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"organization_id" uuid,
	"nominated_by_org" uuid,
	"nominated_by" uuid,
	"reason" text NOT NULL,
	"status" text DEFAULT 'nominated' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "award_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"nominee_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"contact_cipher" text NOT NULL,
	"contact_key_version" smallint NOT NULL,
	"contact_masked" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "award_objections_resolved_ck" CHECK (("award_objections"."status" = 'open') = ("award_objections"."resolution" is null))
);
--> statement-breakpoint
CREATE TABLE "award_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_code" text NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"quota" integer NOT NULL,
	"min_hours" numeric(8, 2) DEFAULT 0 NOT NULL,
	"nominators" text[] NOT NULL,
	"nomination_deadline" date NOT NULL,
	"scale" smallint NOT NULL,
	"criteria" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"published_on" date,
	"notice_ends_on" date,
	"finalized_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "award_rounds_quota_ck" CHECK ("award_rounds"."quota" between 1 and 500),
	CONSTRAINT "award_rounds_notice_ck" CHECK (("award_rounds"."status" = 'open') = ("award_rounds"."notice_ends_on" is null))
);
--> statement-breakpoint
CREATE TABLE "award_scores" (
	"nominee_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "award_scores_nominee_id_reviewer_id_pk" PRIMARY KEY("nominee_id","reviewer_id")
);
--> statement-breakpoint
ALTER TABLE "award_nominees" ADD CONSTRAINT "award_nominees_round_id_award_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."award_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_nominees" ADD CONSTRAINT "award_nominees_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_nominees" ADD CONSTRAINT "award_nominees_nominated_by_org_organizations_id_fk" FOREIGN KEY ("nominated_by_org") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_nominees" ADD CONSTRAINT "award_nominees_nominated_by_accounts_id_fk" FOREIGN KEY ("nominated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_objections" ADD CONSTRAINT "award_objections_nominee_id_award_nominees_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."award_nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_objections" ADD CONSTRAINT "award_objections_resolved_by_accounts_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_rounds" ADD CONSTRAINT "award_rounds_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_rounds" ADD CONSTRAINT "award_rounds_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_scores" ADD CONSTRAINT "award_scores_nominee_id_award_nominees_id_fk" FOREIGN KEY ("nominee_id") REFERENCES "public"."award_nominees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_scores" ADD CONSTRAINT "award_scores_reviewer_id_accounts_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "award_nominees_subject_uq" ON "award_nominees" USING btree ("round_id","subject_id");--> statement-breakpoint
CREATE INDEX "award_nominees_round_idx" ON "award_nominees" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "award_objections_nominee_idx" ON "award_objections" USING btree ("nominee_id","status");--> statement-breakpoint
CREATE INDEX "award_rounds_area_idx" ON "award_rounds" USING btree ("area_code" text_pattern_ops,"year");