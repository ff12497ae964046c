package io.shardjdbc.examples.boot.jpa;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Business operations, each one transaction. */
@Service
public class CustomerService {
    private final CustomerRepository customers;

    public CustomerService(CustomerRepository customers) {
        this.customers = customers;
    }

    /** Registers a customer under a new id in one transaction (refused by the driver: ids are shard keys). */
    @Transactional
    public void registerRenumbered(Customer customer) {
        customers.saveAndFlush(customer);
        customers.renumber(customer.getId());
    }

    /** Renames a customer (optimistic locking on {@code version}). */
    @Transactional
    public Customer rename(long id, String name) {
        Customer c = customers.findById(id).orElseThrow();
        c.setName(name);
        return c;
    }
}
