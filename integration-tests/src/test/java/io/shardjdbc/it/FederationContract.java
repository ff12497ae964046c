package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What federation fetches from the shards and what it holds: a federated join asks each shard only
 * for the rows its filters select, and the side it reads second only for the rows matching the
 * keys of the side it read first, counted per shard by the driver; a federated query
 * needing more rows than {@code federation-row-budget} fails with SQLState 54000 naming the query
 * and the budget, and the connection stays usable.
 *
 * <p>Tables: {@code fed_customers} hashed on customer_id and {@code fed_orders} hashed on order_id,
 * so joining them on customer_id crosses shards.
 */
abstract class FederationContract extends ShardContract {
    static final int CUSTOMERS = 400;
    static final int ORDERS = 2_000;
    static final String[] REGIONS = {"north", "south", "east", "west"};
    static final int BUDGET = 500;

    static final String TABLES = """
            tables:
              fed_customers: { key: customer_id, strategy: hash }
              fed_orders:    { key: order_id, strategy: hash }
            """;

    FederationContract(io.shardjdbc.it.support.TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "federation";
    }

    @Override
    protected String configBody() {
        return TABLES;
    }

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach(
                "CREATE TABLE fed_customers (customer_id BIGINT PRIMARY KEY, region VARCHAR(10) NOT NULL, tier INT)",
                "CREATE TABLE fed_orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount INT NOT NULL)");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fed_customers (customer_id, region, tier) VALUES (?, ?, ?)")) {
                for (long i = 1; i <= CUSTOMERS; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, region(i));
                    ps.setInt(3, (int) (i % 3));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fed_orders (order_id, customer_id, amount) VALUES (?, ?, ?)")) {
                for (long i = 1; i <= ORDERS; i++) {
                    ps.setLong(1, i);
                    ps.setLong(2, customerOf(i));
                    ps.setInt(3, amount(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    static String region(long customer) { return REGIONS[(int) (customer % REGIONS.length)]; }

    static long customerOf(long order) { return (order * 7) % CUSTOMERS + 1; }

    static int amount(long order) { return (int) ((order * 37) % 1000); }

    static final String JOIN = "SELECT c.customer_id, o.order_id, o.amount FROM fed_customers c "
            + "JOIN fed_orders o ON o.customer_id = c.customer_id WHERE c.region = 'north' AND o.amount >= 900";

    @Test
    void aFederatedJoinSendsTheSmallSidesKeysSoTheLargeSideReadsOnlyMatchingRows() throws SQLException {
        assertThat(ds.explain(JOIN).federation()).as("the join crosses shards: federated").isNotNull();
        assertThat(ds.explain(JOIN).toString()).as("the orders' scan receives the customers' keys")
                .contains("KeyPassingJoin(keysTo=[fed_orders]").contains("customer_id IN (the other side's keys");
        // read straight from the shard databases: the customers the filter selects, and of the orders the filter
        // selects only those of such customers (north: customer_id % 4 = 0)
        long[] expected = new long[dbs.size()];
        long matching = 0, filtered = 0, stored = 0;
        for (int s = 0; s < dbs.size(); s++) {
            long orders = directLong(s, "SELECT COUNT(*) FROM fed_orders WHERE amount >= 900 AND MOD(customer_id, 4) = 0");
            expected[s] = directLong(s, "SELECT COUNT(*) FROM fed_customers WHERE region = 'north'") + orders;
            matching += orders;
            filtered += directLong(s, "SELECT COUNT(*) FROM fed_orders WHERE amount >= 900");
            stored += directLong(s, "SELECT COUNT(*) FROM fed_customers") + directLong(s, "SELECT COUNT(*) FROM fed_orders");
            assertThat(orders).as("every shard holds some matching orders (a meaningful count)").isPositive();
        }
        assertThat(stored).isEqualTo(CUSTOMERS + ORDERS);
        assertThat(matching).as("the keys cut the orders read below what the filter alone selects").isLessThan(filtered / 2);

        List<List<Object>> rows = queryFetching(JOIN, expected);
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expectedJoin());
    }

    @Test
    void aShardKeyFilterOfAFederatedJoinReadsOneShardOfThatTable() throws SQLException {
        String sql = "SELECT c.customer_id, o.order_id FROM fed_customers c JOIN fed_orders o ON o.customer_id = c.customer_id "
                + "WHERE c.customer_id = 42";
        int home = shardOf("SELECT * FROM fed_customers WHERE customer_id = 42");
        long[] expected = new long[dbs.size()];
        for (int s = 0; s < dbs.size(); s++) {
            // customer 42 on its shard only, and the orders with its key on every shard
            expected[s] = directLong(s, "SELECT COUNT(*) FROM fed_orders WHERE customer_id = 42") + (s == home ? 1 : 0);
        }
        List<List<Object>> rows = queryFetching(sql, expected);
        TreeSet<Long> orders = new TreeSet<>();
        for (long o = 1; o <= ORDERS; o++) if (customerOf(o) == 42) orders.add(o);
        assertThat(rows).hasSize(orders.size());
    }

    @Test
    void aFederatedJoinThatGroupsFetchesGroupsOfTheAggregatedSideNotItsRows() throws SQLException {
        String sql = "SELECT c.tier, SUM(o.amount), COUNT(*), MAX(o.amount) FROM fed_orders o "
                + "JOIN fed_customers c ON c.customer_id = o.customer_id WHERE o.amount >= 500 GROUP BY c.tier";
        assertThat(ds.explain(sql).toString()).contains("GROUP BY");
        long[] expected = new long[dbs.size()];
        for (int s = 0; s < dbs.size(); s++) {
            // one row per customer with such orders on the shard, and the customers' rows
            expected[s] = directLong(s, "SELECT COUNT(DISTINCT customer_id) FROM fed_orders WHERE amount >= 500")
                    + directLong(s, "SELECT COUNT(*) FROM fed_customers");
            assertThat(expected[s]).as("fewer than the rows of the tables on %s", name(s))
                    .isLessThan(directLong(s, "SELECT COUNT(*) FROM fed_orders WHERE amount >= 500")
                            + directLong(s, "SELECT COUNT(*) FROM fed_customers"));
        }
        List<List<Object>> rows = queryFetching(sql, expected);
        long[][] byTier = new long[3][3]; // sum, count, max
        for (long o = 1; o <= ORDERS; o++) {
            if (amount(o) < 500) continue;
            long[] t = byTier[(int) (customerOf(o) % 3)];
            t[0] += amount(o);
            t[1]++;
            t[2] = Math.max(t[2], amount(o));
        }
        List<List<Long>> expectedRows = new ArrayList<>();
        for (int tier = 0; tier < 3; tier++) expectedRows.add(List.of((long) tier, byTier[tier][0], byTier[tier][1], byTier[tier][2]));
        List<List<Long>> actual = new ArrayList<>();
        // normalised rows: integers as Long, decimals (MariaDB's SUM) as their plain text
        for (List<Object> r : rows) actual.add(r.stream().map(v -> new java.math.BigDecimal(v.toString()).longValueExact()).toList());
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expectedRows);
    }

    @Test
    void aFederatedQueryOverTheRowBudgetFailsNamingTheQueryAndTheBudgetAndTheConnectionStaysUsable() throws SQLException {
        ShardDataSource small = dataSource(TABLES + "federation-row-budget: " + BUDGET + "\n");
        String big = "SELECT c.tier, COUNT(*) AS n FROM fed_customers c JOIN fed_orders o ON o.customer_id = c.customer_id "
                + "GROUP BY c.tier";
        try (Connection c = small.getConnection()) {
            assertThatThrownBy(() -> query(c, big))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        SQLException x = (SQLException) e;
                        assertThat(x.getSQLState()).isEqualTo("54000");
                        assertThat(x.getMessage()).contains("federation-row-budget").contains(String.valueOf(BUDGET))
                                .contains("fed_customers c JOIN fed_orders o");
                    });
            // the same connection answers afterwards: a plain query, and a federated one within the budget
            assertThat(query(c, "SELECT COUNT(*) FROM fed_orders").get(0).get(0)).isEqualTo((long) ORDERS);
            assertThat(query(c, JOIN)).containsExactlyInAnyOrderElementsOf(expectedJoin());
            // and in a transaction: the failure does not poison it
            c.setAutoCommit(false);
            assertThatThrownBy(() -> query(c, big)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
            assertThat(query(c, JOIN)).hasSize(expectedJoin().size());
            c.commit();
            c.setAutoCommit(true);
        }
        try (Connection c = ds.getConnection()) {
            assertThat(query(c, big)).as("the default budget holds this query").hasSize(3);
        }
    }

    @Test
    void explainShowsWhatEachShardIsAskedWithTheFiltersPushed() throws SQLException {
        String plan = ds.explain(JOIN).toString();
        assertThat(plan).contains("federated");
        assertThat(plan).containsPattern("(?i)fed_customers.*WHERE.*region");
        assertThat(plan).containsPattern("(?i)fed_orders.*WHERE.*amount");
    }

    /** The rows of a query through the driver, asserting how many rows federation fetched from each shard. */
    private List<List<Object>> queryFetching(String sql, long[] expected) throws SQLException {
        long[] before = rowsFetched();
        List<List<Object>> rows;
        try (Connection c = ds.getConnection()) {
            rows = query(c, sql);
        }
        long[] after = rowsFetched();
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(after[s] - before[s]).as("rows fetched from %s", name(s)).isEqualTo(expected[s]);
        }
        return rows;
    }

    /** Rows federated queries fetched so far from each shard, as the driver counts them (the shardjdbc.federation.rows meter). */
    private long[] rowsFetched() {
        long[] n = new long[dbs.size()];
        for (int s = 0; s < n.length; s++) n[s] = Engine.of(ds).federatedRows(s);
        return n;
    }

    private static List<List<Object>> expectedJoin() {
        List<List<Object>> out = new ArrayList<>();
        for (long o = 1; o <= ORDERS; o++) {
            long c = customerOf(o);
            if (region(c).equals("north") && amount(o) >= 900) out.add(List.of(c, o, (long) amount(o)));
        }
        return out;
    }
}
