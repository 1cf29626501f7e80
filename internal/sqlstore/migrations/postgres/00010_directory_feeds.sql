-- +goose Up
-- Meeting feeds as they are published: several feeds per instance (source), the
-- fellowship from the feed, what people look for in a listing, positions that are
-- approximate, and re-imports that hide what left a feed instead of deleting it, so
-- members' notes of meetings and programs' requests and consents are kept.
ALTER TABLE meetings ADD COLUMN group_name TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN web_page TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN location_notes TEXT NOT NULL DEFAULT '';
-- Where lat and lng come from: 'exact' (the feed), 'zip' or 'city' (the
-- gazetteer's centre of the meeting's ZIP code or town); '' when they are NULL.
ALTER TABLE meetings ADD COLUMN located TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN withdrawn_at TIMESTAMPTZ;
UPDATE meetings SET located = 'exact' WHERE lat IS NOT NULL;
-- formats held codes (["O","D"]); they now hold definitions ([{"code":"O"}]).
UPDATE meetings SET formats = (SELECT json_agg(json_build_object('code', v))::text
    FROM json_array_elements_text(meetings.formats::json) AS v) WHERE formats <> '[]';
CREATE INDEX meetings_fellowship ON meetings (fellowship);
ALTER TABLE programs ADD COLUMN withdrawn_at TIMESTAMPTZ;
-- The position index carries withdrawn_at too, so a search still filters on
-- the index alone.
DROP INDEX programs_position;
CREATE INDEX programs_position ON programs (lat, lng, levels, medications, payments, withdrawn_at, id);

-- +goose Down
DROP INDEX programs_position;
CREATE INDEX programs_position ON programs (lat, lng, levels, medications, payments, id);
DROP INDEX meetings_fellowship;
UPDATE meetings SET formats = (SELECT json_agg(e ->> 'code')::text
    FROM json_array_elements(meetings.formats::json) AS e) WHERE formats <> '[]';
ALTER TABLE programs DROP COLUMN withdrawn_at;
ALTER TABLE meetings DROP COLUMN withdrawn_at;
ALTER TABLE meetings DROP COLUMN located;
ALTER TABLE meetings DROP COLUMN location_notes;
ALTER TABLE meetings DROP COLUMN languages;
ALTER TABLE meetings DROP COLUMN web_page;
ALTER TABLE meetings DROP COLUMN region;
ALTER TABLE meetings DROP COLUMN group_name;
