CREATE TABLE "import_file_parts" (
	"job_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "import_file_parts_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "file_key_version" integer;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "rows_read" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_file_parts" ADD CONSTRAINT "import_file_parts_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Files stored before this release are in clear in import_jobs.file_content, which the next migration
-- drops: a job waiting to be started, or running, can no longer go on and ends asking for the file again.
UPDATE "import_jobs" SET "status" = 'cancelled', "finished_at" = now(), "error" = '{"messageKey":"import.fileErased"}'
  WHERE "status" = 'previewed';--> statement-breakpoint
UPDATE "import_jobs" SET "status" = 'failed', "finished_at" = now(), "error" = '{"messageKey":"import.fileErased"}'
  WHERE "status" = 'running' AND "file_content" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_file_erased" CHECK ("import_jobs"."file_key_version" is null or "import_jobs"."status" in ('previewing', 'previewed', 'running'));--> statement-breakpoint
-- A job that ends, in any state and by any path, loses its file (PIPL: kept no longer than needed).
CREATE OR REPLACE FUNCTION volunet_import_erase_file() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('completed', 'failed', 'cancelled') THEN
    NEW.file_key_version := NULL;
    DELETE FROM import_file_parts WHERE job_id = NEW.id;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER import_jobs_erase_file BEFORE UPDATE OF status ON import_jobs
FOR EACH ROW EXECUTE FUNCTION volunet_import_erase_file();--> statement-breakpoint

ALTER TABLE "import_jobs" DROP COLUMN "file_content";
