-- Passcode codes now go through notification_outbox; codes still waiting here expire within 10 minutes anyway.
DROP TABLE "identity_sms_outbox" CASCADE;