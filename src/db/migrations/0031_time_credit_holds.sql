CREATE TABLE "time_credit_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"payer_id" uuid NOT NULL,
	"hours" numeric(14, 2) NOT NULL,
	"rate" numeric(14, 2) NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"paid" numeric(14, 2) DEFAULT '0' NOT NULL,
	"released" numeric(14, 2),
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_credit_holds_amount" CHECK ("time_credit_holds"."amount" > 0 and "time_credit_holds"."paid" >= 0 and "time_credit_holds"."paid" + coalesce("time_credit_holds"."released", 0) <= "time_credit_holds"."amount"),
	CONSTRAINT "time_credit_holds_released" CHECK (("time_credit_holds"."status" = 'released') = ("time_credit_holds"."released" is not null))
);
--> statement-breakpoint
ALTER TABLE "time_credit_holds" ADD CONSTRAINT "time_credit_holds_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_credit_holds" ADD CONSTRAINT "time_credit_holds_payer_id_volunteers_id_fk" FOREIGN KEY ("payer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "time_credit_holds_request_uq" ON "time_credit_holds" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "time_credit_holds_payer_idx" ON "time_credit_holds" USING btree ("payer_id","status");