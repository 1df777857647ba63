CREATE TABLE "project_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"title" text NOT NULL,
	"category_code" text NOT NULL,
	"area_code" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"beneficiaries" text DEFAULT '' NOT NULL,
	"risks" text DEFAULT '' NOT NULL,
	"risk_level" text DEFAULT 'low' NOT NULL,
	"insurance_required" boolean DEFAULT false NOT NULL,
	"budget_yuan" numeric(14, 2),
	"funding_source" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"evaluation_summary" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_budget_ck" CHECK ("projects"."budget_yuan" is null or "projects"."budget_yuan" >= 0)
);
--> statement-breakpoint
ALTER TABLE "project_events" ADD CONSTRAINT "project_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_category_code_project_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."project_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_events_project_idx" ON "project_events" USING btree ("project_id","at");--> statement-breakpoint
CREATE INDEX "projects_org_idx" ON "projects" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "projects_area_idx" ON "projects" USING btree ("area_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "projects" USING btree ("status","created_at");--> statement-breakpoint
-- The project categories the city starts with (from the seeds); the city admin adds more.
INSERT INTO project_categories (code, name_zh, name_en, builtin) VALUES
  ('community', '社区服务', 'Community service', true),
  ('elderly', '助老', 'Elderly care', true),
  ('disability', '助残', 'Disability support', true),
  ('children', '关爱儿童', 'Caring for children', true),
  ('environment', '环境保护', 'Environmental protection', true),
  ('civility', '文明劝导', 'Civility promotion', true),
  ('emergency', '应急救援', 'Emergency rescue', true),
  ('health', '医疗卫生', 'Health care', true),
  ('legal', '法律服务', 'Legal services', true),
  ('culture', '文化', 'Culture', true),
  ('sports', '体育赛事', 'Sports events', true),
  ('large_event', '大型活动', 'Large events', true);
--> statement-breakpoint
-- A project's timeline is history: never rewritten.
CREATE TRIGGER project_events_no_update_delete
  BEFORE UPDATE OR DELETE ON project_events
  FOR EACH ROW EXECUTE FUNCTION volunet_refuse_change();
