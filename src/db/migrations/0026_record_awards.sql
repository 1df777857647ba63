CREATE TABLE "record_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"year" integer NOT NULL,
	"granted_by_area" text NOT NULL,
	"granted_on" date NOT NULL,
	"source_id" uuid NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_awards_withdrawn_ck" CHECK (("record_awards"."withdrawn_at" is null) = ("record_awards"."withdraw_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "record_awards" ADD CONSTRAINT "record_awards_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "record_awards_source_uq" ON "record_awards" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "record_awards_volunteer_idx" ON "record_awards" USING btree ("volunteer_id","year");