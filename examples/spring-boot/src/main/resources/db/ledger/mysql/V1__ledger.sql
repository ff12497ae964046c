CREATE TABLE accounts (account_id BIGINT PRIMARY KEY, owner VARCHAR(64) NOT NULL) ENGINE=InnoDB;
CREATE TABLE entries (
    entry_id   BIGINT AUTO_INCREMENT PRIMARY KEY,
    account_id BIGINT        NOT NULL,
    amount     DECIMAL(12, 2) NOT NULL
) ENGINE=InnoDB;
