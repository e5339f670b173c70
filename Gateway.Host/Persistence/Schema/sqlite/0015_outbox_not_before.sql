-- Schema version 15 (SQLite): an outbox message may wait until a time (a dispatch to a department that is down is tried again later).
ALTER TABLE "outbox_messages" ADD "NotBefore" TEXT NULL;
