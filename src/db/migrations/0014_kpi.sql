CREATE TABLE "kpi_area_months" (
	"area_code" text NOT NULL,
	"month" date NOT NULL,
	"hours" numeric(14, 2) DEFAULT '0' NOT NULL,
	"cadre_hours" numeric(14, 2) DEFAULT '0' NOT NULL,
	"college_hours" numeric(14, 2) DEFAULT '0' NOT NULL,
	"school_hours" numeric(14, 2) DEFAULT '0' NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"active_party_league" integer DEFAULT 0 NOT NULL,
	"registrations" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_area_months_area_code_month_pk" PRIMARY KEY("area_code","month")
);
--> statement-breakpoint
CREATE TABLE "kpi_area_registry" (
	"area_code" text PRIMARY KEY NOT NULL,
	"city_units" integer DEFAULT 0 NOT NULL,
	"city_units_with_org" integer DEFAULT 0 NOT NULL,
	"district_units" integer DEFAULT 0 NOT NULL,
	"district_units_with_org" integer DEFAULT 0 NOT NULL,
	"street_units" integer DEFAULT 0 NOT NULL,
	"street_units_with_org" integer DEFAULT 0 NOT NULL,
	"community_units" integer DEFAULT 0 NOT NULL,
	"community_units_with_org" integer DEFAULT 0 NOT NULL,
	"stations_open" integer DEFAULT 0 NOT NULL,
	"stations_to_standard" integer DEFAULT 0 NOT NULL,
	"floor_area" numeric DEFAULT '0' NOT NULL,
	"walk_residents" bigint DEFAULT 0 NOT NULL,
	"walk_covered" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_area_totals" (
	"area_code" text PRIMARY KEY NOT NULL,
	"registered" integer DEFAULT 0 NOT NULL,
	"party_league" integer DEFAULT 0 NOT NULL,
	"cadres" integer DEFAULT 0 NOT NULL,
	"college" integer DEFAULT 0 NOT NULL,
	"school" integer DEFAULT 0 NOT NULL,
	"never_served" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_dirty_registry" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_dirty_volunteers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"volunteer_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_registered_totals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_code" text NOT NULL,
	"total" integer NOT NULL,
	"reported_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_registered_totals_nonneg" CHECK ("kpi_registered_totals"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "kpi_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"ledger_seq" bigint DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone,
	"registry_refreshed_at" timestamp with time zone,
	CONSTRAINT "kpi_state_one_row" CHECK ("kpi_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "kpi_volunteer_facts" (
	"volunteer_id" uuid PRIMARY KEY NOT NULL,
	"area_code" text NOT NULL,
	"registered" boolean NOT NULL,
	"party_league" boolean NOT NULL,
	"cadre" boolean NOT NULL,
	"college" boolean NOT NULL,
	"school" boolean NOT NULL,
	"registration" boolean NOT NULL,
	"created_month" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_volunteer_months" (
	"volunteer_id" uuid NOT NULL,
	"month" date NOT NULL,
	"hours" numeric(14, 2) DEFAULT '0' NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "kpi_volunteer_months_volunteer_id_month_pk" PRIMARY KEY("volunteer_id","month")
);
--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "cadre" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_registered_totals" ADD CONSTRAINT "kpi_registered_totals_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_registered_totals" ADD CONSTRAINT "kpi_registered_totals_entered_by_accounts_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_registered_totals_area_idx" ON "kpi_registered_totals" USING btree ("area_code","reported_on","created_at");--> statement-breakpoint
-- KPI rollups (docs/kpi.md): volunteers whose KPI attributes change are queued in the same
-- transaction, once per statement, for refreshKpiRollups() to move their contributions.
CREATE FUNCTION kpi_queue_inserted_volunteers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_volunteers (volunteer_id) SELECT id FROM new_rows;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION kpi_queue_updated_volunteers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_volunteers (volunteer_id)
  SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.area_code, n.status, n.political_status, n.school_type, n.cadre, n.created_at)
    IS DISTINCT FROM (o.area_code, o.status, o.political_status, o.school_type, o.cadre, o.created_at);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION kpi_queue_deleted_volunteers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_volunteers (volunteer_id) SELECT id FROM old_rows;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER volunteers_kpi_insert AFTER INSERT ON volunteers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_inserted_volunteers();
--> statement-breakpoint
CREATE TRIGGER volunteers_kpi_update AFTER UPDATE ON volunteers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_updated_volunteers();
--> statement-breakpoint
CREATE TRIGGER volunteers_kpi_delete AFTER DELETE ON volunteers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_deleted_volunteers();
--> statement-breakpoint
-- Areas, organizations, stations, inspections, standards and settings change rarely: any change
-- marks the registry figures (units, stations, walk coverage) for recomputation.
CREATE FUNCTION kpi_mark_registry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_registry (source) VALUES (TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER areas_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_registry();
--> statement-breakpoint
CREATE TRIGGER organizations_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_registry();
--> statement-breakpoint
CREATE TRIGGER stations_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stations
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_registry();
--> statement-breakpoint
CREATE TRIGGER station_inspections_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON station_inspections
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_registry();
--> statement-breakpoint
CREATE TRIGGER station_standards_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON station_standards
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_registry();
--> statement-breakpoint
CREATE TRIGGER city_settings_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON city_settings
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_registry();
--> statement-breakpoint
-- A database that already has volunteers and a ledger: the first refresh takes everything in.
INSERT INTO kpi_state (id) VALUES (1);
--> statement-breakpoint
INSERT INTO kpi_dirty_volunteers (volunteer_id) SELECT id FROM volunteers;
--> statement-breakpoint
INSERT INTO kpi_dirty_registry (source) VALUES ('migration');
