-- Placeholder on branch h/assist only: number 29 is reserved for another branch's migration, and migrations are
-- numbered without gaps. Drop this file when that migration is merged.
SELECT 1;
