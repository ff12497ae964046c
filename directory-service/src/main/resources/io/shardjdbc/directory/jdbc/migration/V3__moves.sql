-- Online moves (shardctl): one row per move with its state, copy checkpoint and lease; the units it
-- moves; a lock row per unit while a move is active (its primary key is what refuses a second move
-- of the same unit); and the history of its steps.

CREATE TABLE sjdbc_move (
    move_id VARCHAR(64) ${exact} NOT NULL PRIMARY KEY,
    group_name VARCHAR(128) ${exact} NOT NULL,
    kind VARCHAR(16) NOT NULL,
    source_shard VARCHAR(128) ${exact} NOT NULL,
    target_shard VARCHAR(128) ${exact} NOT NULL,
    state VARCHAR(16) NOT NULL,
    checkpoint VARCHAR(2048) NULL,
    capture VARCHAR(512) NULL,
    rows_copied BIGINT NOT NULL,
    rows_estimated BIGINT NOT NULL,
    options VARCHAR(1024) NULL,
    error VARCHAR(2048) NULL,
    lease_owner VARCHAR(256) NULL,
    lease_expires_ms BIGINT NULL,
    created_at ${timestamp} NOT NULL,
    updated_at ${timestamp} NOT NULL
);

CREATE TABLE sjdbc_move_unit (
    move_id VARCHAR(64) ${exact} NOT NULL,
    unit VARCHAR(512) ${exact} NOT NULL,
    PRIMARY KEY (move_id, unit)
);

CREATE TABLE sjdbc_unit_lock (
    group_name VARCHAR(128) ${exact} NOT NULL,
    unit VARCHAR(512) ${exact} NOT NULL,
    move_id VARCHAR(64) ${exact} NOT NULL,
    PRIMARY KEY (group_name, unit)
);

CREATE TABLE sjdbc_move_step (
    move_id VARCHAR(64) ${exact} NOT NULL,
    seq INT NOT NULL,
    state VARCHAR(16) NOT NULL,
    detail VARCHAR(2048) NULL,
    happened_at ${timestamp} NOT NULL,
    PRIMARY KEY (move_id, seq)
);
