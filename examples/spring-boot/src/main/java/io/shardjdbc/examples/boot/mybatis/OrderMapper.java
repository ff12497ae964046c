package io.shardjdbc.examples.boot.mybatis;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The order book's SQL. */
@Mapper
public interface OrderMapper {

    /** One multi-row INSERT; the driver sends each shard its customers' rows. */
    @Insert("""
            <script>
            INSERT INTO orders (order_id, customer_id, amount) VALUES
            <foreach collection="orders" item="o" separator=",">(#{o.orderId}, #{o.customerId}, #{o.amount})</foreach>
            </script>""")
    int insertAll(@Param("orders") List<Order> orders);

    /** A customer's orders: one shard. */
    @Select("SELECT order_id, customer_id, amount FROM orders WHERE customer_id = #{customerId} ORDER BY order_id")
    List<Order> ofCustomer(@Param("customerId") long customerId);

    /** Every customer's total: each shard groups its rows, the driver merges the groups. */
    @Select("SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id ORDER BY customer_id")
    List<CustomerTotal> totals();
}
