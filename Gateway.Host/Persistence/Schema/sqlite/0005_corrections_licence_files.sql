-- Schema version 5 (SQLite): correction rounds (补齐补正) on case sagas; licence files uploaded with a licence.
ALTER TABLE "case_sagas" ADD "CorrectionRounds" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "case_sagas" ADD "CorrectionItems" TEXT NULL;
ALTER TABLE "case_sagas" ADD "CorrectionRequestedAt" TEXT NULL;
ALTER TABLE "case_sagas" ADD "CorrectionSuppliedAt" TEXT NULL;
ALTER TABLE "applications" ADD "CorrectedPayload" TEXT NULL;

ALTER TABLE "licences" ADD "FileSha256" TEXT NULL;
ALTER TABLE "licences" ADD "FileName" TEXT NULL;

CREATE TABLE "licence_files" (
    "Sha256" TEXT NOT NULL CONSTRAINT "PK_licence_files" PRIMARY KEY,
    "MediaType" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Content" BLOB NOT NULL,
    "StoredAt" TEXT NOT NULL
);
