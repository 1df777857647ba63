ALTER TABLE "ledger_checks" ADD COLUMN "bad_record" uuid;--> statement-breakpoint
ALTER TABLE "ledger_checks" ADD COLUMN "checkpoint_seq" bigint;