ALTER TABLE "volunteer_reach" ADD COLUMN "pos" "point";--> statement-breakpoint
-- Core geometry only (no PostGIS, PGlite has no extensions): a GiST index on (lng, lat) points serves
-- "nearest first" (<->) and "within this box" (<@) alike.
CREATE INDEX "volunteer_reach_pos_gist" ON "volunteer_reach" USING gist ("pos");--> statement-breakpoint
-- The matcher's position: the volunteer's own, else their home community's centroid.
CREATE OR REPLACE FUNCTION volunet_reach_pos() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.lat IS NOT NULL AND NEW.lng IS NOT NULL THEN
    NEW.pos := point(NEW.lng, NEW.lat);
  ELSE
    NEW.pos := (SELECT point(a.lng, a.lat) FROM volunteers v JOIN areas a ON a.code = v.area_code
                WHERE v.id = NEW.volunteer_id AND a.lat IS NOT NULL AND a.lng IS NOT NULL);
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER volunteer_reach_pos BEFORE INSERT OR UPDATE OF lat, lng ON volunteer_reach
FOR EACH ROW EXECUTE FUNCTION volunet_reach_pos();--> statement-breakpoint
-- Every volunteer has a reach row (the defaults: requests and invitations on, emergency calls off), so
-- one indexed table answers "who is near". Made once per statement from its new rows, so a bulk import
-- pays one INSERT … SELECT, not one trigger call a row.
CREATE OR REPLACE FUNCTION volunet_volunteers_reach_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO volunteer_reach (volunteer_id) SELECT id FROM new_volunteers ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER volunteers_reach_insert AFTER INSERT ON volunteers
REFERENCING NEW TABLE AS new_volunteers
FOR EACH STATEMENT EXECUTE FUNCTION volunet_volunteers_reach_insert();--> statement-breakpoint
-- A move to another community moves a default position (one at the community's centre) along.
CREATE OR REPLACE FUNCTION volunet_volunteer_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.area_code IS DISTINCT FROM OLD.area_code THEN
    UPDATE volunteer_reach SET lat = lat WHERE volunteer_id = NEW.id AND lat IS NULL;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER volunteers_reach_moved AFTER UPDATE OF area_code ON volunteers
FOR EACH ROW EXECUTE FUNCTION volunet_volunteer_moved();--> statement-breakpoint
INSERT INTO volunteer_reach (volunteer_id) SELECT id FROM volunteers ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE volunteer_reach SET lat = lat;
