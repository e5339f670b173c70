-- Schema version 17 (SQLite): case events are applied in process, many cases per transaction, by the case event worker; their
-- outbox rows stay the durable record but never go to the broker. Each reader has its own index of unsent rows in id order.
ALTER TABLE "outbox_messages" ADD COLUMN "InProcess" INTEGER NOT NULL DEFAULT 0;
DROP INDEX IF EXISTS "IX_outbox_messages_unsent";
CREATE INDEX "IX_outbox_messages_unsent_bus" ON "outbox_messages" ("Id") WHERE "SentAt" IS NULL AND "InProcess" = 0;
CREATE INDEX "IX_outbox_messages_unsent_in_process" ON "outbox_messages" ("Id") WHERE "SentAt" IS NULL AND "InProcess" = 1;
