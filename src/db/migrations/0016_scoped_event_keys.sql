CREATE TABLE "checkin_code_tries" (
	"volunteer_id" uuid PRIMARY KEY NOT NULL,
	"tries" integer NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance_events" ADD COLUMN "key_owner" uuid;--> statement-breakpoint
ALTER TABLE "attendance_events" ADD COLUMN "key_digest" text;--> statement-breakpoint
-- Existing events get the owner their key would have now: the reader that sent it, the account
-- that scanned or entered it, else the volunteer checking in (the event's own id when none is
-- known). Their keys were unique on their own, so they stay unique per owner. Their digest stays
-- empty: a repeat of an event from before this change is answered as a repeat, as it was.
UPDATE "attendance_events" SET "key_owner" = coalesce(
	CASE WHEN "channel" = 'device' THEN "device_id"
	     WHEN "channel" IN ('ecard', 'manual') THEN "recorded_by"
	     ELSE "volunteer_id" END,
	"id");--> statement-breakpoint
ALTER TABLE "attendance_events" ALTER COLUMN "key_owner" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_events_owner_key_uq" ON "attendance_events" USING btree ("key_owner","event_key");--> statement-breakpoint
DROP INDEX "attendance_events_key_uq";--> statement-breakpoint
ALTER TABLE "checkin_code_tries" ADD CONSTRAINT "checkin_code_tries_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;
