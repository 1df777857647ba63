CREATE TABLE "benefit_partner_lookup_tries" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"tries" integer NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "benefit_partner_lookup_tries" ADD CONSTRAINT "benefit_partner_lookup_tries_partner_id_benefit_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."benefit_partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written: offers approved before approvals recorded their terms get one audit entry holding their terms as they stand
-- now (action benefitOffer.termsRecorded, by the system), so verify compares them from here on without a false alarm; a
-- change made before this migration cannot be seen (docs/incentives.md).
INSERT INTO "audit_log" ("actor_label", "action", "entity_type", "entity_id", "area_code", "request_id", "summary")
SELECT 'system', 'benefitOffer.termsRecorded', 'benefitOffer', o."id"::text, o."area_code", 'migration-0035',
  jsonb_build_object('terms', jsonb_build_object('kind', o."kind", 'price', o."price"::text, 'initialStock', o."initial_stock",
    'perPersonLimit', o."per_person_limit", 'minStars', o."min_stars", 'areaPrefix', o."area_prefix",
    'validFrom', o."valid_from"::text, 'validTo', o."valid_to"::text))
FROM "benefit_offers" o WHERE o."status" = 'approved' ORDER BY o."created_at", o."id";
