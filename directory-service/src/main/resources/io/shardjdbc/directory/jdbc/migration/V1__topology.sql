-- The published placement. Rows are never updated: each publish inserts the rows of its new
-- version and moves the single version row, so a reader that fixed a version reads a stable set
-- whatever its isolation level. The last few versions are kept (see JdbcMetadataStore).
-- Placeholders (set per database by Migrations): the "exact" one gives names and keys a case- and
-- trailing-space-sensitive comparison (a binary no-pad collation on MySQL/MariaDB, empty elsewhere);
-- the "timestamp" one is the database's timestamp type.

CREATE TABLE sjdbc_topology (
    id INT NOT NULL PRIMARY KEY,
    topology_version BIGINT NOT NULL,
    published_at ${timestamp} NULL
);

INSERT INTO sjdbc_topology (id, topology_version, published_at) VALUES (1, 0, NULL);

CREATE TABLE sjdbc_shard (
    topology_version BIGINT NOT NULL,
    pos INT NOT NULL,
    name VARCHAR(128) ${exact} NOT NULL,
    url VARCHAR(2048) NOT NULL,
    PRIMARY KEY (topology_version, pos)
);

CREATE TABLE sjdbc_group (
    topology_version BIGINT NOT NULL,
    group_name VARCHAR(128) ${exact} NOT NULL,
    kind VARCHAR(16) NOT NULL,
    PRIMARY KEY (topology_version, group_name)
);

-- region is '' for a hash group's own bucket map, else the geo region whose map it is
CREATE TABLE sjdbc_bucket (
    topology_version BIGINT NOT NULL,
    group_name VARCHAR(128) ${exact} NOT NULL,
    region VARCHAR(128) ${exact} NOT NULL,
    bucket INT NOT NULL,
    shard VARCHAR(128) ${exact} NOT NULL,
    PRIMARY KEY (topology_version, group_name, region, bucket)
);

CREATE TABLE sjdbc_range (
    topology_version BIGINT NOT NULL,
    group_name VARCHAR(128) ${exact} NOT NULL,
    pos INT NOT NULL,
    below VARCHAR(1024) NULL,
    shard VARCHAR(128) ${exact} NOT NULL,
    PRIMARY KEY (topology_version, group_name, pos)
);

CREATE TABLE sjdbc_region (
    topology_version BIGINT NOT NULL,
    group_name VARCHAR(128) ${exact} NOT NULL,
    region VARCHAR(128) ${exact} NOT NULL,
    PRIMARY KEY (topology_version, group_name, region)
);

-- a country belongs to one region of a group: the unique key makes the database say so too
CREATE TABLE sjdbc_region_country (
    topology_version BIGINT NOT NULL,
    group_name VARCHAR(128) ${exact} NOT NULL,
    region VARCHAR(128) ${exact} NOT NULL,
    pos INT NOT NULL,
    country VARCHAR(128) ${exact} NOT NULL,
    PRIMARY KEY (topology_version, group_name, region, pos),
    UNIQUE (topology_version, group_name, country)
);
