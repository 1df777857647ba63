DROP INDEX "family_relations_live_uq";--> statement-breakpoint
ALTER TABLE "family_relations" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "family_relations" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "family_relations" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "family_relations" ADD CONSTRAINT "family_relations_ended_by_accounts_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "family_relations_one_spouse_uq" ON "family_relations" USING btree ("volunteer_id") WHERE "family_relations"."relation" = 'spouse' and "family_relations"."status" in ('pending', 'confirmed');--> statement-breakpoint
CREATE UNIQUE INDEX "family_relations_live_uq" ON "family_relations" USING btree ("volunteer_id","relative_id") WHERE "family_relations"."status" in ('pending', 'confirmed');