package io.shardjdbc.examples.boot.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A customer's review, sharded by customer. Its id is IDENTITY, as most JPA tutorials have it: the table's
 * {@code generated-id} in the shard config makes the driver give ids unique across shards.
 */
@Entity
@Table(name = "reviews")
public class Review {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "review_id")
    private Long id;

    @Column(name = "customer_id")
    private long customerId;

    private int stars;

    protected Review() {
    }

    public Review(long customerId, int stars) {
        this.customerId = customerId;
        this.stars = stars;
    }

    public Long getId() { return id; }

    public long getCustomerId() { return customerId; }

    public int getStars() { return stars; }
}
