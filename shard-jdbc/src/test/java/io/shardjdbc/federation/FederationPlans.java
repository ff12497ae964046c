package io.shardjdbc.federation;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.sql.CalciteParser;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Federated plans made without a database, for tests: customers and their co-located orders
 * sharded by customer_id, suppliers by supplier_id, countries on every shard, on two shards of
 * PostgreSQL or MariaDB.
 */
final class FederationPlans {
    private FederationPlans() { }

    private static final Map<String, List<Column>> TABLES = Map.of(
            "customers", List.of(
                    new Column("customer_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("name", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 64, 0, false),
                    new Column("country", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 2, 0, true),
                    new Column("tier", Types.INTEGER, "int4", SqlTypeName.INTEGER, 10, 0, true)),
            "orders", List.of(
                    new Column("order_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("customer_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("amount", Types.DECIMAL, "numeric", SqlTypeName.DECIMAL, 12, 2, true),
                    new Column("qty", Types.INTEGER, "int4", SqlTypeName.INTEGER, 10, 0, true),
                    new Column("order_date", Types.DATE, "date", SqlTypeName.DATE, 0, 0, false)),
            "suppliers", List.of(
                    new Column("supplier_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("name", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 40, 0, false)),
            "countries", List.of(
                    new Column("code", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 2, 0, false),
                    new Column("region", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 20, 0, false)));

    /** The tables' rows as the shards would estimate them. */
    private static final Map<String, Double> ROWS = Map.of("customers", 10_000.0, "orders", 100_000.0, "suppliers", 1_000.0,
            "countries", 50.0);

    private static Topology topology(String db) {
        return Topology.of(ConfigLoader.parse("t.yaml", """
                shards:
                  s0: { url: jdbc:%1$s://db0/app }
                  s1: { url: jdbc:%1$s://db1/app }
                tables:
                  customers: { key: customer_id }
                  orders: { key: customer_id, colocate: customers }
                  suppliers: { key: supplier_id }
                  countries: { broadcast: true }
                """.formatted(db), Map.of(), k -> null));
    }

    static String explain(Dialect dialect, String sql) throws SQLException {
        Topology t = topology(dialect == Dialect.MYSQL ? "mariadb" : "postgresql");
        FederatedPlan p = FederatedPlan.compile(sql, t, new CalciteParser(dialect).config(), TABLES::get, ROWS::get);
        return p.explain(Parameters.of()) + "\n" + p.physicalPlan().getRowType().getFullTypeString();
    }

}
