-- Schema version 6 (SQLite): each running time limit of a case, with when it warns and when it runs out.
CREATE TABLE "case_deadlines" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_case_deadlines" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "WorkingDays" INTEGER NOT NULL,
    "StartsAt" TEXT NOT NULL,
    "DueAt" TEXT NOT NULL,
    "WarnAt" TEXT NOT NULL,
    "WarnedAt" TEXT NULL,
    "ExpiredAt" TEXT NULL,
    "ClosedAt" TEXT NULL,
    "Outcome" TEXT NULL
);

CREATE UNIQUE INDEX "IX_case_deadlines_CaseId_Kind_StartsAt" ON "case_deadlines" ("CaseId", "Kind", "StartsAt");
CREATE INDEX "IX_case_deadlines_ClosedAt_WarnAt" ON "case_deadlines" ("ClosedAt", "WarnAt");
CREATE INDEX "IX_case_deadlines_ClosedAt_DueAt" ON "case_deadlines" ("ClosedAt", "DueAt");
