-- Schema version 14 (SQLite): the error queue. A message that failed every retry is kept here, with its body and the exception,
-- until an operator retries or discards it (with a reason).
CREATE TABLE "failed_messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_failed_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Queue" TEXT NOT NULL,
    "CaseId" TEXT NULL,
    "Cause" TEXT NOT NULL,
    "ExceptionType" TEXT NOT NULL,
    "ExceptionMessage" TEXT NOT NULL,
    "StackTrace" TEXT NULL,
    "Body" TEXT NOT NULL,
    "FailedAt" TEXT NOT NULL,
    "Retries" INTEGER NOT NULL DEFAULT 0,
    "LastRetriedAt" TEXT NULL,
    "ResolvedAt" TEXT NULL,
    "Resolution" TEXT NULL,
    "ResolvedBy" TEXT NULL,
    "ResolutionReason" TEXT NULL
);
CREATE INDEX "IX_failed_messages_ResolvedAt_Cause" ON "failed_messages" ("ResolvedAt", "Cause");
CREATE INDEX "IX_failed_messages_CaseId" ON "failed_messages" ("CaseId");
