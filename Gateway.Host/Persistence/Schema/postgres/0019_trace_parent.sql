-- Schema version 19 (PostgreSQL): the trace a case's work belongs to travels with its outbox rows and is kept with the case.
ALTER TABLE outbox_messages ADD COLUMN "TraceParent" character varying(55);
ALTER TABLE applications ADD COLUMN "TraceParent" character varying(55);
