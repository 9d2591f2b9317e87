-- Placeholder on branch h/client only: number 25 is reserved for another branch's migration, and migrations are
-- numbered without gaps. Drop this file when that migration is merged.
SELECT 1;
