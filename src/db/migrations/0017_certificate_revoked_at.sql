ALTER TABLE "certificates" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
-- Certificates revoked before this column existed: the date of their revocation in the audit log.
UPDATE "certificates" c SET "revoked_at" = coalesce(
  (SELECT max(a."at") FROM "audit_log" a WHERE a."action" = 'certificate.revoke' AND a."entity_type" = 'certificate' AND a."entity_id" = c."id"::text),
  c."created_at")
WHERE c."status" = 'revoked';
