-- Schema version 13 (SQLite): the feed is the hash-chained audit trail of state changes: each numbered entry's hash and the previous one's.
ALTER TABLE "feed_entries" ADD "PreviousHash" TEXT NULL;
ALTER TABLE "feed_entries" ADD "Hash" TEXT NULL;
