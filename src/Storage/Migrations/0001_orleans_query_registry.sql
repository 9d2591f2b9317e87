-- The Orleans ADO.NET providers read the SQL they run from this table, by key.
-- Each later migration registers the statements of one provider.
CREATE TABLE orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
