-- Schema version 5 (PostgreSQL): correction rounds (补齐补正) on case sagas; licence files uploaded with a licence.
ALTER TABLE case_sagas ADD "CorrectionRounds" integer NOT NULL DEFAULT 0;
ALTER TABLE case_sagas ADD "CorrectionItems" text NULL;
ALTER TABLE case_sagas ADD "CorrectionRequestedAt" timestamp with time zone NULL;
ALTER TABLE case_sagas ADD "CorrectionSuppliedAt" timestamp with time zone NULL;
ALTER TABLE applications ADD "CorrectedPayload" text NULL;

ALTER TABLE licences ADD "FileSha256" character varying(64) NULL;
ALTER TABLE licences ADD "FileName" character varying(200) NULL;

CREATE TABLE licence_files (
    "Sha256" character varying(64) NOT NULL,
    "MediaType" character varying(100) NOT NULL,
    "Length" bigint NOT NULL,
    "Content" bytea NOT NULL,
    "StoredAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_licence_files" PRIMARY KEY ("Sha256")
);
