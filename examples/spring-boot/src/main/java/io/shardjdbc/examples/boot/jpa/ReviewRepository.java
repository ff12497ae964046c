package io.shardjdbc.examples.boot.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Reviews: by id (on every shard, since they are sharded by customer). */
public interface ReviewRepository extends JpaRepository<Review, Long> {
}
