-- Schema version 2 (SQLite): WS-Security nonces already presented, to refuse replayed SOAP reports.
CREATE TABLE "soap_nonces" (
    "Username" TEXT NOT NULL,
    "Nonce" TEXT NOT NULL,
    "SeenAt" TEXT NOT NULL,
    CONSTRAINT "PK_soap_nonces" PRIMARY KEY ("Username", "Nonce")
);

CREATE INDEX "IX_soap_nonces_SeenAt" ON "soap_nonces" ("SeenAt");
