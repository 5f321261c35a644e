-- The outbox no longer stores usable secrets readable: an email that carries one (an
-- invitation link) keeps a redacted copy in "html"/"text" and the email as sent in
-- "sealedBody" (AES-256-GCM under the instance secret), dropped once sent.
ALTER TABLE "email_outbox" ADD COLUMN     "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "redacted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sealedBody" TEXT;

-- Rows written before this migration hold live links in plaintext, and SQL cannot seal
-- them with the instance secret: drop their bodies. The ones not sent yet cannot be sent
-- any more; they become Failed and say what to do (resending the invitation issues a new
-- link). No row is deleted.
UPDATE "email_outbox"
SET "html" = '<p>The body of this email was removed when Guildhall started encrypting the outbox: it contained a live link.</p>',
    "text" = 'The body of this email was removed when Guildhall started encrypting the outbox: it contained a live link.',
    "redacted" = true,
    "queuedAt" = "createdAt",
    "lastError" = CASE WHEN "status" IN ('Pending', 'Sending')
      THEN 'Not sent before the upgrade that encrypts the outbox; its body (with a live link) was removed. Resend the invitation.'
      ELSE "lastError" END,
    "status" = CASE WHEN "status" IN ('Pending', 'Sending') THEN 'Failed'::"DeliveryStatus" ELSE "status" END;
