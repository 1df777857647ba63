CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"facts" jsonb NOT NULL,
	"signature" text NOT NULL,
	"key_fingerprint" text NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"issued_by" uuid NOT NULL,
	"revoked_reason" text,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statements_revoked_ck" CHECK (("statements"."status" = 'revoked') = ("statements"."revoked_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_issued_by_accounts_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "statements_code_uq" ON "statements" USING btree ("code");--> statement-breakpoint
CREATE INDEX "statements_volunteer_idx" ON "statements" USING btree ("volunteer_id","created_at");