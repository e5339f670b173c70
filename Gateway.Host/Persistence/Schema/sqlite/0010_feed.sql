-- Schema version 10 (SQLite): the provincial status feed: every state change of a case or bundle, numbered without gaps by the
-- sequencer (feed_cursors 'sequence'); 'push' is the last number the provincial platform took.
CREATE TABLE "feed_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_feed_entries" PRIMARY KEY AUTOINCREMENT,
    "EntryId" TEXT NOT NULL,
    "Sequence" INTEGER NULL,
    "SubjectKind" TEXT NOT NULL,
    "SubjectId" TEXT NOT NULL,
    "SubjectNo" TEXT NOT NULL,
    "ItemCode" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StepCode" INTEGER NOT NULL,
    "CompletionResult" INTEGER NULL,
    "BundleNo" TEXT NULL,
    "LicenceNo" TEXT NULL,
    "Simulated" INTEGER NOT NULL,
    "OccurredAt" TEXT NOT NULL
);
CREATE UNIQUE INDEX "IX_feed_entries_EntryId" ON "feed_entries" ("EntryId");
CREATE UNIQUE INDEX "IX_feed_entries_Sequence" ON "feed_entries" ("Sequence");
CREATE INDEX "IX_feed_entries_unnumbered" ON "feed_entries" ("Id") WHERE "Sequence" IS NULL;

CREATE TABLE "feed_cursors" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_feed_cursors" PRIMARY KEY,
    "Value" INTEGER NOT NULL
);
INSERT INTO "feed_cursors" ("Name", "Value") VALUES ('sequence', 0), ('push', 0);
