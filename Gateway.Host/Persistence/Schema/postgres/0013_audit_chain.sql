-- Schema version 13 (PostgreSQL): the feed is the hash-chained audit trail of state changes: each numbered entry's hash and the previous one's.
ALTER TABLE feed_entries ADD "PreviousHash" character varying(64) NULL;
ALTER TABLE feed_entries ADD "Hash" character varying(64) NULL;
