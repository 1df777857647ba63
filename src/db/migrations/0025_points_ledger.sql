CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"owner_id" uuid,
	"area_code" text,
	"floor" numeric(14, 2),
	"balance" numeric(14, 2) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_owner_key" UNIQUE NULLS NOT DISTINCT("currency","kind","owner_id"),
	CONSTRAINT "ledger_accounts_floor" CHECK ("ledger_accounts"."floor" is null or "ledger_accounts"."balance" >= "ledger_accounts"."floor")
);
--> statement-breakpoint
CREATE TABLE "ledger_movements" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" uuid,
	"basis" text,
	"at" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "ledger_movements_amount" CHECK ("ledger_movements"."amount" > 0),
	CONSTRAINT "ledger_movements_two_accounts" CHECK ("ledger_movements"."debit_account_id" <> "ledger_movements"."credit_account_id")
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_id_volunteers_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_movements" ADD CONSTRAINT "ledger_movements_debit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_movements" ADD CONSTRAINT "ledger_movements_credit_account_id_ledger_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_movements_cause_key" ON "ledger_movements" USING btree ("currency","cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "ledger_movements_debit_idx" ON "ledger_movements" USING btree ("debit_account_id","seq");--> statement-breakpoint
CREATE INDEX "ledger_movements_credit_idx" ON "ledger_movements" USING btree ("credit_account_id","seq");--> statement-breakpoint
-- Movements are append-only like the hour ledger: a correction is a new movement, never an edit.
CREATE TRIGGER ledger_movements_no_update_delete
  BEFORE UPDATE OR DELETE ON ledger_movements
  FOR EACH ROW EXECUTE FUNCTION volunet_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_movements_no_truncate
  BEFORE TRUNCATE ON ledger_movements
  FOR EACH STATEMENT EXECUTE FUNCTION volunet_refuse_change();
