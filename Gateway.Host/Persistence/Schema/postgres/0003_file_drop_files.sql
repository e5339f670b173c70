-- Schema version 3 (PostgreSQL): result files of file-drop departments, recorded once handled.
CREATE TABLE file_drop_files (
    "DepartmentCode" character varying(32) NOT NULL,
    "FileName" character varying(255) NOT NULL,
    "Sha256" character varying(64) NOT NULL,
    "ProcessedAt" timestamp with time zone NOT NULL,
    "Outcome" character varying(16) NOT NULL,
    "Lines" integer NOT NULL,
    "FailedLines" integer NOT NULL,
    CONSTRAINT "PK_file_drop_files" PRIMARY KEY ("DepartmentCode", "FileName", "Sha256")
);
