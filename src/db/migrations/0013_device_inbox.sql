CREATE TABLE "device_inbox" (
	"event_key" text PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"card" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
