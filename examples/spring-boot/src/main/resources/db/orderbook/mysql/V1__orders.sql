CREATE TABLE orders (
    order_id    BIGINT PRIMARY KEY,
    customer_id BIGINT         NOT NULL,
    amount      DECIMAL(12, 2) NOT NULL
) ENGINE=InnoDB;
