CREATE TABLE "record_reminders" (
	"organization_id" uuid NOT NULL,
	"day" date NOT NULL,
	"overdue" integer NOT NULL,
	"due_soon" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_reminders_organization_id_day_pk" PRIMARY KEY("organization_id","day")
);
--> statement-breakpoint
ALTER TABLE "record_reminders" ADD CONSTRAINT "record_reminders_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_entries_record_idx" ON "ledger_entries" USING btree ("record_id");