-- Each camera has its own key (issue "A real camera fleet"). The camera sends the key with every
-- frame; the camera authorizer finds the key by its id, compares the SHA-256 of its secret, and
-- tells the inference function which camera it belongs to. Only the hash is kept: the key is shown
-- once, when it is issued. A camera has at most one live key; rotating revokes the old one.
CREATE TABLE camera_keys (
    id            uuid        PRIMARY KEY,
    camera_id     bigint      NOT NULL REFERENCES cameras (id),
    secret_sha256 bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_seen_at  timestamptz,
    CONSTRAINT camera_keys_secret_check CHECK (octet_length(secret_sha256) = 32),
    CONSTRAINT camera_keys_revoked_check CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);
COMMENT ON TABLE camera_keys IS 'Credentials of cameras: one live key per camera at most; revoked keys are kept for the record.';
COMMENT ON COLUMN camera_keys.id IS 'The key id: the public part of the key (tcam_<id>_<secret>), logged with every request.';
COMMENT ON COLUMN camera_keys.secret_sha256 IS 'SHA-256 of the 32 random bytes of the secret; enough for a secret of that entropy, no salt or slow hash is needed.';
COMMENT ON COLUMN camera_keys.last_seen_at IS 'When the authorizer last checked the key: it runs once per key per cache period (300 s in AWS), so this is as fine as that.';

CREATE UNIQUE INDEX camera_keys_one_live_key ON camera_keys (camera_id) WHERE revoked_at IS NULL;
