-- Directory entries: one row per key, written once by the first assignment that wins (the primary
-- key is what makes "exactly once" hold across processes) and moved only by resharding.

CREATE TABLE sjdbc_directory (
    directory VARCHAR(128) ${exact} NOT NULL,
    dir_key VARCHAR(512) ${exact} NOT NULL,
    shard VARCHAR(128) ${exact} NOT NULL,
    created_at ${timestamp} NOT NULL,
    PRIMARY KEY (directory, dir_key)
);

-- keysPerShard and the least-rows placement policy count a directory's keys by shard
CREATE INDEX sjdbc_directory_shard ON sjdbc_directory (directory, shard);
