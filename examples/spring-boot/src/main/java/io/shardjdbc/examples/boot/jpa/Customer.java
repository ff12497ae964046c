package io.shardjdbc.examples.boot.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A customer; {@code customer_id} is the shard key, so the application assigns it. */
@Entity
@Table(name = "customers")
public class Customer {
    @Id
    @Column(name = "customer_id")
    private Long id;

    private String name;

    private int tier;

    @Version
    private Long version;

    protected Customer() {
    }

    public Customer(long id, String name, int tier) {
        this.id = id;
        this.name = name;
        this.tier = tier;
    }

    public Long getId() { return id; }

    public String getName() { return name; }

    public void setName(String name) { this.name = name; }

    public int getTier() { return tier; }

    public Long getVersion() { return version; }
}
