-- Schema version 4 (SQLite): the inbox of departments without a system, and the portal's audit trail.
CREATE TABLE "manual_inbox" (
    "DispatchId" TEXT NOT NULL CONSTRAINT "PK_manual_inbox" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "ItemCode" TEXT NOT NULL,
    "ApplicantName" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "PlacedAt" TEXT NOT NULL
);

CREATE TABLE "portal_actions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_portal_actions" PRIMARY KEY AUTOINCREMENT,
    "Username" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "CaseNo" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Detail" TEXT NULL,
    "At" TEXT NOT NULL
);

CREATE INDEX "IX_manual_inbox_CaseNo" ON "manual_inbox" ("CaseNo");

CREATE INDEX "IX_manual_inbox_DepartmentCode_PlacedAt" ON "manual_inbox" ("DepartmentCode", "PlacedAt");

CREATE INDEX "IX_portal_actions_CaseNo" ON "portal_actions" ("CaseNo");
