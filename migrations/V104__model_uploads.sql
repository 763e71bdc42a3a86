-- Models uploaded through the API or console carry a display name and an optional model card (where the model
-- comes from, its licence, what it was trained on). Path imports by admins have none of these.
ALTER TABLE imported_model ADD COLUMN name          text;
ALTER TABLE imported_model ADD COLUMN card_source   text;
ALTER TABLE imported_model ADD COLUMN card_licence  text;
ALTER TABLE imported_model ADD COLUMN card_training text;
ALTER TABLE imported_model ADD COLUMN origin        varchar(8) NOT NULL DEFAULT 'import'
    CHECK (origin IN ('import', 'upload'));
