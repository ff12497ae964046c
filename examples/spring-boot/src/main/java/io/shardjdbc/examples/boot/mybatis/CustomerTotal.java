package io.shardjdbc.examples.boot.mybatis;

import java.math.BigDecimal;

/** What a customer ordered in all. */
public class CustomerTotal {
    private long customerId;
    private BigDecimal total;

    public long getCustomerId() { return customerId; }

    public void setCustomerId(long customerId) { this.customerId = customerId; }

    public BigDecimal getTotal() { return total; }

    public void setTotal(BigDecimal total) { this.total = total; }
}
