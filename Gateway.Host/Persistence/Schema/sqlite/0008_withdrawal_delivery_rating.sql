-- Schema version 8 (SQLite): withdrawal and delivery of a case; the applicant's rating (好差评), one per case.
ALTER TABLE "case_sagas" ADD "WithdrawnAt" TEXT NULL;
ALTER TABLE "case_sagas" ADD "DeliveredAt" TEXT NULL;
ALTER TABLE "case_sagas" ADD "DeliveryMethod" TEXT NULL;
ALTER TABLE "case_sagas" ADD "DeliveryTrackingNo" TEXT NULL;

CREATE TABLE "case_ratings" (
    "CaseId" TEXT NOT NULL CONSTRAINT "PK_case_ratings" PRIMARY KEY,
    "CaseNo" TEXT NOT NULL,
    "DepartmentCode" TEXT NOT NULL,
    "WindowId" TEXT NOT NULL,
    "Score" INTEGER NOT NULL,
    "Comment" TEXT NULL,
    "RatedAt" TEXT NOT NULL
);

-- Suspension (中止) of an accepted case: since when, and the working days its decision limit had left.
ALTER TABLE "case_sagas" ADD "SuspendedAt" TEXT NULL;
ALTER TABLE "case_sagas" ADD "DecisionDaysLeft" INTEGER NULL;
