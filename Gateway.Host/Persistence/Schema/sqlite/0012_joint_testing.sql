-- Schema version 12 (SQLite): simulated cases (模拟办件), departments' refused requests, joint-test runs and the cross-region go-live gate.
ALTER TABLE "applications" ADD "Simulated" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "case_sagas" ADD "Simulated" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "refused_reports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_refused_reports" PRIMARY KEY AUTOINCREMENT,
    "DepartmentCode" TEXT NOT NULL,
    "CaseNo" TEXT NULL,
    "EventId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Fields" TEXT NULL,
    "Detail" TEXT NOT NULL,
    "At" TEXT NOT NULL
);
CREATE INDEX "IX_refused_reports_DepartmentCode_At" ON "refused_reports" ("DepartmentCode", "At");

CREATE TABLE "joint_test_runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_joint_test_runs" PRIMARY KEY AUTOINCREMENT,
    "RunId" TEXT NOT NULL,
    "ItemCode" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "Cases" INTEGER NOT NULL,
    "Passed" INTEGER NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "FinishedAt" TEXT NOT NULL,
    "Report" TEXT NOT NULL
);
CREATE INDEX "IX_joint_test_runs_RunId" ON "joint_test_runs" ("RunId");

CREATE TABLE "cross_region_go_live" (
    "ItemCode" TEXT NOT NULL CONSTRAINT "PK_cross_region_go_live" PRIMARY KEY,
    "RunId" TEXT NOT NULL,
    "ConfirmedByHub" TEXT NOT NULL,
    "ConfirmedByDepartment" TEXT NOT NULL,
    "LiveSince" TEXT NOT NULL
);
