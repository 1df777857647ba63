CREATE SEQUENCE "public"."volunteer_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "organization_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_members" (
	"organization_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text NOT NULL,
	"joined_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_members_organization_id_volunteer_id_pk" PRIMARY KEY("organization_id","volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"uscc" text,
	"unit_type" text,
	"parent_id" uuid,
	"area_code" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"join_mode" text DEFAULT 'approval' NOT NULL,
	"has_party_branch" boolean DEFAULT false NOT NULL,
	"has_league_branch" boolean DEFAULT false NOT NULL,
	"service_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone_cipher" text NOT NULL,
	"contact_phone_key_version" smallint NOT NULL,
	"contact_phone_masked" text NOT NULL,
	"address" text,
	"description" text,
	"applied_by" uuid,
	"status_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_registered_has_uscc" CHECK ("organizations"."kind" <> 'registered' OR "organizations"."uscc" IS NOT NULL),
	CONSTRAINT "organizations_unit_has_type" CHECK ("organizations"."kind" <> 'unit' OR "organizations"."unit_type" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"code" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"needs_certificate" boolean DEFAULT false NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"station_id" uuid NOT NULL,
	"inspected_on" date NOT NULL,
	"inspector_id" uuid,
	"inspector_name" text NOT NULL,
	"items_met" text[] NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_standards" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"area_code" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"address" text NOT NULL,
	"floor_area" double precision DEFAULT 0 NOT NULL,
	"opening_hours" text,
	"host_organization_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_floor_area_nonneg" CHECK ("stations"."floor_area" >= 0)
);
--> statement-breakpoint
CREATE TABLE "volunteer_sources" (
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_sources_source_external_id_pk" PRIMARY KEY("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_no" text NOT NULL,
	"account_id" uuid,
	"name" text NOT NULL,
	"sex" text,
	"birth_date" date,
	"doc_type" text,
	"doc_cipher" text,
	"doc_key_version" smallint,
	"doc_index" text,
	"doc_masked" text,
	"phone_cipher" text,
	"phone_key_version" smallint,
	"phone_index" text,
	"phone_masked" text,
	"name_phone_index" text,
	"area_code" text NOT NULL,
	"political_status" text,
	"education" text,
	"occupation" text,
	"school_name" text,
	"school_type" text,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"languages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"service_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" integer DEFAULT 0 NOT NULL,
	"guardian_name" text,
	"guardian_phone_cipher" text,
	"guardian_phone_key_version" smallint,
	"guardian_phone_masked" text,
	"guardian_consent_at" timestamp with time zone,
	"consent_at" timestamp with time zone NOT NULL,
	"registered_via" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"merged_into" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deregistered_at" timestamp with time zone,
	CONSTRAINT "volunteers_availability_bits" CHECK ("volunteers"."availability" >= 0 AND "volunteers"."availability" < 2097152)
);
--> statement-breakpoint
ALTER TABLE "organization_events" ADD CONSTRAINT "organization_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_members" ADD CONSTRAINT "organization_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_parent_id_organizations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_applied_by_accounts_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_inspections" ADD CONSTRAINT "station_inspections_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_inspections" ADD CONSTRAINT "station_inspections_inspector_id_accounts_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_host_organization_id_organizations_id_fk" FOREIGN KEY ("host_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_sources" ADD CONSTRAINT "volunteer_sources_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_merged_into_volunteers_id_fk" FOREIGN KEY ("merged_into") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organization_events_org_idx" ON "organization_events" USING btree ("organization_id","at");--> statement-breakpoint
CREATE INDEX "organization_members_volunteer_idx" ON "organization_members" USING btree ("volunteer_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_uscc_uq" ON "organizations" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "organizations_area_idx" ON "organizations" USING btree ("area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "organizations_parent_idx" ON "organizations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organizations_status_idx" ON "organizations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "station_inspections_station_idx" ON "station_inspections" USING btree ("station_id","inspected_on");--> statement-breakpoint
CREATE INDEX "stations_area_idx" ON "stations" USING btree ("area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteer_sources_volunteer_idx" ON "volunteer_sources" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_no_uq" ON "volunteers" USING btree ("volunteer_no");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_doc_index_uq" ON "volunteers" USING btree ("doc_index");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_account_uq" ON "volunteers" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "volunteers_phone_index_idx" ON "volunteers" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "volunteers_name_phone_idx" ON "volunteers" USING btree ("name_phone_index");--> statement-breakpoint
CREATE INDEX "volunteers_area_idx" ON "volunteers" USING btree ("area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteers_skills_gin" ON "volunteers" USING gin ("skills" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "volunteers_languages_gin" ON "volunteers" USING gin ("languages" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "volunteers_name_idx" ON "volunteers" USING btree ("name");