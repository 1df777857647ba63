CREATE TABLE "benefit_lookup_tries" (
	"account_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"tries" integer NOT NULL,
	"since" timestamp with time zone NOT NULL,
	CONSTRAINT "benefit_lookup_tries_account_id_purpose_pk" PRIMARY KEY("account_id","purpose")
);
--> statement-breakpoint
ALTER TABLE "benefit_offers" ADD COLUMN "initial_stock" integer;--> statement-breakpoint
ALTER TABLE "benefit_lookup_tries" ADD CONSTRAINT "benefit_lookup_tries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written: offers made before the column know their initial stock as what is left plus the codes holding a unit.
UPDATE "benefit_offers" o SET "initial_stock" = o."stock" + (SELECT count(*)::int FROM "benefit_redemptions" r
  WHERE r."offer_id" = o."id" AND r."status" IN ('open', 'used')) WHERE o."stock" IS NOT NULL;
