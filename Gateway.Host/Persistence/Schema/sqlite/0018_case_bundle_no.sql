-- Schema version 18 (SQLite): a bundle member's saga keeps its bundle's number, read once instead of at every state it announces.
ALTER TABLE "case_sagas" ADD COLUMN "BundleNo" TEXT NULL;
