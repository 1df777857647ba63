ALTER TABLE "attendance_events" ALTER COLUMN "event_key" SET DATA TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "device_inbox" ALTER COLUMN "event_key" SET DATA TYPE text COLLATE "C";