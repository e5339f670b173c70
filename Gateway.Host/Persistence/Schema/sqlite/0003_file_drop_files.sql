-- Schema version 3 (SQLite): result files of file-drop departments, recorded once handled.
CREATE TABLE "file_drop_files" (
    "DepartmentCode" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Lines" INTEGER NOT NULL,
    "FailedLines" INTEGER NOT NULL,
    CONSTRAINT "PK_file_drop_files" PRIMARY KEY ("DepartmentCode", "FileName", "Sha256")
);
