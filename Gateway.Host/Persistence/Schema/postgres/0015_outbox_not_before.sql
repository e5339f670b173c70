-- Schema version 15 (PostgreSQL): an outbox message may wait until a time (a dispatch to a department that is down is tried again later).
ALTER TABLE outbox_messages ADD "NotBefore" timestamp with time zone NULL;
