CREATE TABLE reviews (
    review_id   BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    stars       INT    NOT NULL
) ENGINE=InnoDB;
