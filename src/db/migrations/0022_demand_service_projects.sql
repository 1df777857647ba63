ALTER TABLE "projects" ADD COLUMN "kind" text DEFAULT 'regular' NOT NULL;--> statement-breakpoint
-- Shifts that requests became before projects had a kind.
UPDATE "projects" SET "kind" = 'demand_service' WHERE "id" IN (SELECT a."project_id" FROM "service_requests" r JOIN "activities" a ON a."id" = r."activity_id");
