-- Schema version 9 (SQLite): one-thing bundles (高效办成一件事): the combined application, the bundle saga, and the member cases'
-- link to their bundle; pre-review (预审) of members waiting for prerequisites' results; cases stopped by the gateway (终止).
CREATE TABLE "bundles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_bundles" PRIMARY KEY AUTOINCREMENT,
    "BundleId" TEXT NOT NULL,
    "BundleNo" TEXT NOT NULL,
    "BundleCode" TEXT NOT NULL,
    "BundleName" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "RegionCode" TEXT NOT NULL,
    "WindowId" TEXT NOT NULL,
    "ApplicantName" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "DeliverTogether" INTEGER NOT NULL,
    "SubmittedAt" TEXT NOT NULL
);
CREATE UNIQUE INDEX "IX_bundles_BundleId" ON "bundles" ("BundleId");
CREATE UNIQUE INDEX "IX_bundles_BundleNo" ON "bundles" ("BundleNo");
CREATE UNIQUE INDEX "IX_bundles_IdempotencyKey" ON "bundles" ("IdempotencyKey");

CREATE TABLE "bundle_sagas" (
    "CorrelationId" TEXT NOT NULL CONSTRAINT "PK_bundle_sagas" PRIMARY KEY,
    "CurrentState" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "BundleNo" TEXT NOT NULL,
    "BundleCode" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "DeliverTogether" INTEGER NOT NULL,
    "Members" TEXT NOT NULL,
    "WithdrawnAt" TEXT NULL,
    "EndedAt" TEXT NULL,
    "DeliveredAt" TEXT NULL
);
CREATE UNIQUE INDEX "IX_bundle_sagas_BundleNo" ON "bundle_sagas" ("BundleNo");

ALTER TABLE "applications" ADD "BundleId" TEXT NULL;
CREATE INDEX "IX_applications_BundleId" ON "applications" ("BundleId");
ALTER TABLE "case_sagas" ADD "BundleId" TEXT NULL;
ALTER TABLE "case_sagas" ADD "AwaitingPrerequisites" TEXT NULL;
ALTER TABLE "case_sagas" ADD "ReleasedAt" TEXT NULL;
ALTER TABLE "case_sagas" ADD "StoppedAt" TEXT NULL;
CREATE INDEX "IX_case_sagas_BundleId" ON "case_sagas" ("BundleId");
