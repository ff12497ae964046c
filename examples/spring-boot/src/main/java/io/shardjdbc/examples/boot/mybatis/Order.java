package io.shardjdbc.examples.boot.mybatis;

import java.math.BigDecimal;

/** An order of a customer (the shard key). */
public class Order {
    private long orderId;
    private long customerId;
    private BigDecimal amount;

    public Order() {
    }

    public Order(long orderId, long customerId, BigDecimal amount) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.amount = amount;
    }

    public long getOrderId() { return orderId; }

    public void setOrderId(long orderId) { this.orderId = orderId; }

    public long getCustomerId() { return customerId; }

    public void setCustomerId(long customerId) { this.customerId = customerId; }

    public BigDecimal getAmount() { return amount; }

    public void setAmount(BigDecimal amount) { this.amount = amount; }
}
