CREATE TABLE customers (
    customer_id BIGINT PRIMARY KEY,
    name        VARCHAR(64) NOT NULL,
    tier        INT         NOT NULL,
    version     BIGINT      NOT NULL
);
