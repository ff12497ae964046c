package io.shardjdbc.examples.boot.jpa;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Customers: by id on one shard, by tier across all of them. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

    /** A page of one tier's customers: the page and its count query run on every shard and merge. */
    Page<Customer> findByTier(int tier, Pageable page);

    /** Gives a customer the next id: a shard-key change to a computed value, which the driver refuses. */
    @Modifying
    @Query(value = "UPDATE customers SET customer_id = customer_id + 1 WHERE customer_id = :id", nativeQuery = true)
    int renumber(@Param("id") long id);
}
