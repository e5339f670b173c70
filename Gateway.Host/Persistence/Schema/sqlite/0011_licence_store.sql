-- Schema version 11 (SQLite): the e-licence store (电子证照库): type code, status and revocation, the issuing department's
-- signature; windows' fetches and prints of a licence on an applicant's behalf (audit).
ALTER TABLE "licences" ADD "TypeCode" TEXT NOT NULL DEFAULT '';
ALTER TABLE "licences" ADD "Status" TEXT NOT NULL DEFAULT 'valid';
ALTER TABLE "licences" ADD "RevokedAt" TEXT NULL;
ALTER TABLE "licences" ADD "RevocationReason" TEXT NULL;
ALTER TABLE "licences" ADD "Signature" TEXT NULL;
ALTER TABLE "licences" ADD "SignatureAlgorithm" TEXT NULL;

CREATE TABLE "licence_accesses" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_licence_accesses" PRIMARY KEY AUTOINCREMENT,
    "LicenceNo" TEXT NOT NULL,
    "WindowId" TEXT NOT NULL,
    "AccessedBy" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "At" TEXT NOT NULL
);
CREATE INDEX "IX_licence_accesses_LicenceNo" ON "licence_accesses" ("LicenceNo");
