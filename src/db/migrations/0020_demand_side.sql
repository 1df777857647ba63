CREATE SEQUENCE "public"."request_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "beneficiaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"birth_year" smallint,
	"area_code" text NOT NULL,
	"address_cipher" text,
	"address_key_version" smallint,
	"address_masked" text,
	"lat" double precision,
	"lng" double precision,
	"phone_cipher" text,
	"phone_key_version" smallint,
	"phone_index" text,
	"phone_masked" text,
	"contact_name" text,
	"contact_relation" text,
	"contact_phone_cipher" text,
	"contact_phone_key_version" smallint,
	"contact_phone_index" text,
	"contact_phone_masked" text,
	"notes_cipher" text,
	"notes_key_version" smallint,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_by" text NOT NULL,
	"account_id" uuid,
	"station_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "beneficiaries_reachable_ck" CHECK ("beneficiaries"."phone_cipher" is not null or "beneficiaries"."contact_phone_cipher" is not null or "beneficiaries"."address_cipher" is not null)
);
--> statement-breakpoint
CREATE TABLE "emergency_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"area_code" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"radius_meters" integer,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"headcount" integer NOT NULL,
	"standby_count" integer DEFAULT 0 NOT NULL,
	"accepted_count" integer DEFAULT 0 NOT NULL,
	"notified_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"activity_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "emergency_calls_time_ck" CHECK ("emergency_calls"."ends_at" > "emergency_calls"."starts_at"),
	CONSTRAINT "emergency_calls_headcount_ck" CHECK ("emergency_calls"."headcount" > 0 and "emergency_calls"."standby_count" >= 0),
	CONSTRAINT "emergency_calls_accepted_ck" CHECK ("emergency_calls"."accepted_count" between 0 and "emergency_calls"."headcount")
);
--> statement-breakpoint
CREATE TABLE "emergency_responses" (
	"call_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"response" text DEFAULT 'notified' NOT NULL,
	"standby_no" integer,
	"notified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "emergency_responses_call_id_volunteer_id_pk" PRIMARY KEY("call_id","volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "hotline_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_account_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"caller_phone_cipher" text,
	"caller_phone_key_version" smallint,
	"caller_phone_index" text,
	"caller_phone_masked" text,
	"beneficiary_id" uuid,
	"request_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"outcome" text,
	"notes" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"position_id" uuid,
	"request_id" uuid,
	"volunteer_id" uuid NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"invited_by" uuid,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "invitations_target_ck" CHECK (("invitations"."position_id" is null) <> ("invitations"."request_id" is null))
);
--> statement-breakpoint
CREATE TABLE "request_assignments" (
	"request_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"enrollment_id" uuid,
	"via" text NOT NULL,
	"assigned_by" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_assignments_request_id_volunteer_id_pk" PRIMARY KEY("request_id","volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "request_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"max_volunteers" smallint DEFAULT 5 NOT NULL,
	"guard" jsonb,
	"default_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_account_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_no" text NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"category_code" text NOT NULL,
	"area_code" text NOT NULL,
	"place_cipher" text,
	"place_key_version" smallint,
	"place_masked" text,
	"lat" double precision,
	"lng" double precision,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"headcount" smallint DEFAULT 1 NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"organization_id" uuid,
	"station_id" uuid,
	"activity_id" uuid,
	"position_id" uuid,
	"published_at" timestamp with time zone,
	"merged_into" uuid,
	"triage_due_at" timestamp with time zone NOT NULL,
	"assign_due_at" timestamp with time zone NOT NULL,
	"triaged_at" timestamp with time zone,
	"assigned_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"rated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"rating" smallint,
	"rating_comment" text,
	"rated_via" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_requests_window_ck" CHECK ("service_requests"."window_end" > "service_requests"."window_start"),
	CONSTRAINT "service_requests_headcount_ck" CHECK ("service_requests"."headcount" between 1 and 100),
	CONSTRAINT "service_requests_rating_ck" CHECK ("service_requests"."rating" is null or "service_requests"."rating" between 1 and 5),
	CONSTRAINT "service_requests_escalation_ck" CHECK ("service_requests"."escalation_level" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "volunteer_reach" (
	"volunteer_id" uuid PRIMARY KEY NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"requests_opt_in" boolean DEFAULT true NOT NULL,
	"emergency_opt_in" boolean DEFAULT false NOT NULL,
	"invitations_opt_in" boolean DEFAULT true NOT NULL,
	"quiet_from" smallint,
	"quiet_to" smallint,
	"weekly_invitation_cap" smallint DEFAULT 3 NOT NULL,
	"weekly_take_cap" smallint DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_reach_quiet_ck" CHECK (("volunteer_reach"."quiet_from" is null) = ("volunteer_reach"."quiet_to" is null)),
	CONSTRAINT "volunteer_reach_caps_ck" CHECK ("volunteer_reach"."weekly_invitation_cap" between 0 and 50 and "volunteer_reach"."weekly_take_cap" between 0 and 50)
);
--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beneficiaries" ADD CONSTRAINT "beneficiaries_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD CONSTRAINT "emergency_calls_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD CONSTRAINT "emergency_calls_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_calls" ADD CONSTRAINT "emergency_calls_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_responses" ADD CONSTRAINT "emergency_responses_call_id_emergency_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."emergency_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_responses" ADD CONSTRAINT "emergency_responses_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_calls" ADD CONSTRAINT "hotline_calls_operator_account_id_accounts_id_fk" FOREIGN KEY ("operator_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_calls" ADD CONSTRAINT "hotline_calls_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_calls" ADD CONSTRAINT "hotline_calls_beneficiary_id_beneficiaries_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."beneficiaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_calls" ADD CONSTRAINT "hotline_calls_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_accounts_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_assignments" ADD CONSTRAINT "request_assignments_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_assignments" ADD CONSTRAINT "request_assignments_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_assignments" ADD CONSTRAINT "request_assignments_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_assignments" ADD CONSTRAINT "request_assignments_assigned_by_accounts_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_beneficiary_id_beneficiaries_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."beneficiaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_category_code_request_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."request_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "public"."positions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_merged_into_service_requests_id_fk" FOREIGN KEY ("merged_into") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_reach" ADD CONSTRAINT "volunteer_reach_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "beneficiaries_phone_idx" ON "beneficiaries" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "beneficiaries_contact_phone_idx" ON "beneficiaries" USING btree ("contact_phone_index");--> statement-breakpoint
CREATE INDEX "beneficiaries_area_idx" ON "beneficiaries" USING btree ("area_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "beneficiaries_account_uq" ON "beneficiaries" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "emergency_calls_area_idx" ON "emergency_calls" USING btree ("area_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "emergency_responses_volunteer_idx" ON "emergency_responses" USING btree ("volunteer_id","notified_at");--> statement-breakpoint
CREATE INDEX "hotline_calls_operator_idx" ON "hotline_calls" USING btree ("operator_account_id","started_at");--> statement-breakpoint
CREATE INDEX "hotline_calls_area_idx" ON "hotline_calls" USING btree ("area_code" text_pattern_ops,"started_at");--> statement-breakpoint
CREATE INDEX "hotline_calls_phone_idx" ON "hotline_calls" USING btree ("caller_phone_index");--> statement-breakpoint
CREATE INDEX "hotline_calls_beneficiary_idx" ON "hotline_calls" USING btree ("beneficiary_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_position_uq" ON "invitations" USING btree ("position_id","volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_request_uq" ON "invitations" USING btree ("request_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "invitations_volunteer_idx" ON "invitations" USING btree ("volunteer_id","sent_at");--> statement-breakpoint
CREATE INDEX "request_assignments_volunteer_idx" ON "request_assignments" USING btree ("volunteer_id","at");--> statement-breakpoint
CREATE INDEX "request_events_request_idx" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_requests_no_uq" ON "service_requests" USING btree ("request_no");--> statement-breakpoint
CREATE INDEX "service_requests_beneficiary_idx" ON "service_requests" USING btree ("beneficiary_id","category_code","window_start");--> statement-breakpoint
CREATE INDEX "service_requests_area_idx" ON "service_requests" USING btree ("area_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "service_requests_open_due_idx" ON "service_requests" USING btree ("assign_due_at") WHERE "service_requests"."status" in ('new', 'triaged');--> statement-breakpoint
CREATE INDEX "service_requests_org_idx" ON "service_requests" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "service_requests_activity_idx" ON "service_requests" USING btree ("activity_id");--> statement-breakpoint
INSERT INTO "request_categories" ("code", "name_zh", "name_en", "max_volunteers", "guard", "default_skills", "builtin", "sort") VALUES
  ('elderly_care', '助老', 'Elderly care', 3, NULL, '{}', true, 10),
  ('disability_aid', '助残', 'Disability support', 3, NULL, '{}', true, 20),
  ('child_care', '关爱儿童', 'Caring for children', 3, NULL, '{}', true, 30),
  ('medical_escort', '医疗陪诊', 'Medical escort', 2, '{"perDay": 2, "mode": "warn"}', '{}', true, 40),
  ('counseling', '心理疏导', 'Counselling', 1, NULL, '{}', true, 50),
  ('legal_aid', '法律咨询', 'Legal advice', 1, NULL, '{}', true, 60),
  ('cleaning', '助洁', 'Home cleaning', 4, '{"perDay": 1, "perWeek": 3, "mode": "warn"}', '{}', true, 70),
  ('foot_wash', '洗脚', 'Foot washing', 2, '{"perDay": 1, "perWeek": 2, "mode": "block"}', '{}', true, 80),
  ('haircut', '理发', 'Haircut', 2, '{"perDay": 1, "perWeek": 2, "mode": "block"}', '{}', true, 90),
  ('meal_delivery', '助餐送餐', 'Meal delivery', 2, '{"perDay": 3, "mode": "warn"}', '{}', true, 100),
  ('companionship', '陪伴聊天', 'Companionship', 2, NULL, '{}', true, 110),
  ('micro_wish', '微心愿', 'Small wish', 2, NULL, '{}', true, 120);
