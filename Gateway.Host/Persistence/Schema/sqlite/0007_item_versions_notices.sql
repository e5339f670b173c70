-- Schema version 7 (SQLite): the item version a case was received under; one-time notices (一次性告知); 容缺 intake.
ALTER TABLE "applications" ADD "ItemVersion" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "applications" ADD "ToleratedMaterials" TEXT NULL;
ALTER TABLE "applications" ADD "CommitmentSha256" TEXT NULL;
ALTER TABLE "case_sagas" ADD "ItemVersion" INTEGER NOT NULL DEFAULT 1;

CREATE TABLE "one_time_notices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_one_time_notices" PRIMARY KEY AUTOINCREMENT,
    "NoticeNo" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "ItemCode" TEXT NOT NULL,
    "ItemVersion" INTEGER NOT NULL,
    "ItemName" TEXT NOT NULL,
    "RegionCode" TEXT NOT NULL,
    "WindowId" TEXT NOT NULL,
    "ApplicantName" TEXT NOT NULL,
    "ApplicantIdNumber" TEXT NOT NULL,
    "Items" TEXT NOT NULL,
    "IssuedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_one_time_notices_NoticeNo" ON "one_time_notices" ("NoticeNo");
CREATE UNIQUE INDEX "IX_one_time_notices_IdempotencyKey_RequestHash" ON "one_time_notices" ("IdempotencyKey", "RequestHash");
