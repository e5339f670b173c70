-- Schema version 16 (SQLite): the relay's next batch is read from an index of unsent messages only, in id order, however many sent
-- messages the table keeps.
CREATE INDEX "IX_outbox_messages_unsent" ON "outbox_messages" ("Id") WHERE "SentAt" IS NULL;
