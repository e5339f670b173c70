-- Schema version 17 (PostgreSQL): case events are applied in process, many cases per transaction, by the case event worker; their
-- outbox rows stay the durable record but never go to the broker. Each reader has its own index of unsent rows in id order.
ALTER TABLE outbox_messages ADD COLUMN "InProcess" boolean NOT NULL DEFAULT false;
DROP INDEX IF EXISTS "IX_outbox_messages_unsent";
CREATE INDEX "IX_outbox_messages_unsent_bus" ON outbox_messages ("Id") WHERE "SentAt" IS NULL AND NOT "InProcess";
CREATE INDEX "IX_outbox_messages_unsent_in_process" ON outbox_messages ("Id") WHERE "SentAt" IS NULL AND "InProcess";
