-- Schema version 19 (SQLite): the trace a case's work belongs to travels with its outbox rows and is kept with the case.
ALTER TABLE "outbox_messages" ADD COLUMN "TraceParent" TEXT NULL;
ALTER TABLE "applications" ADD COLUMN "TraceParent" TEXT NULL;
