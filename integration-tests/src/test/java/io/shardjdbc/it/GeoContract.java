package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Geographic placement end to end: rows written through the driver are found, by querying each shard
 * database directly, only on their region's shards; residency errors are provoked through the
 * driver and leave no row behind; reads filtered by region touch only that region's shards.
 */
abstract class GeoContract extends ShardContract {
    static final int ACCOUNTS = 2_000;
    static final String[] COUNTRIES = {"DE", "FR", "US", "JP"};
    /** The shards of each country's region, as configured below. */
    static final Map<String, Set<Integer>> REGION_SHARDS = Map.of("DE", Set.of(0, 1), "FR", Set.of(0, 1), "US", Set.of(2),
            "JP", Set.of(3));

    GeoContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "geo";
    }

    @Override
    protected String configBody() {
        return """
                tables:
                  accounts:       { key: account_id, strategy: geo, region-column: country,
                                    regions: { eu: { countries: [DE, FR], shards: [s0, s1] },
                                               us: { countries: [US], shards: [s2] },
                                               apac: { countries: [JP], shards: [s3] } } }
                  account_events: { key: account_id, colocate: accounts }
                """;
    }

    static String country(long id) {
        return COUNTRIES[(int) (id % COUNTRIES.length)];
    }

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach(
                "CREATE TABLE accounts (account_id BIGINT PRIMARY KEY, country VARCHAR(2) NOT NULL, name VARCHAR(64) NOT NULL)",
                "CREATE TABLE account_events (event_id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, country VARCHAR(2) NOT NULL, "
                        + "kind VARCHAR(16) NOT NULL)");
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (account_id, country, name) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= ACCOUNTS; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, country(id));
                    ps.setString(3, "account-" + id);
                    ps.addBatch();
                    if (id % 500 == 0) ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO account_events (event_id, account_id, country, kind) VALUES (?, ?, ?, 'login'), (?, ?, ?, 'logout')")) {
                for (long id = 1; id <= ACCOUNTS; id += 10) {
                    ps.setLong(1, 2 * id);
                    ps.setLong(2, id);
                    ps.setString(3, country(id));
                    ps.setLong(4, 2 * id + 1);
                    ps.setLong(5, id);
                    ps.setString(6, country(id));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    @Test
    void everyRowIsOnlyOnItsRegionsShards() throws SQLException {
        Map<Object, Integer> where = locate("accounts", "account_id");
        assertThat(where).hasSize(ACCOUNTS);
        Map<String, Set<Integer>> seen = new HashMap<>();
        for (int s = 0; s < dbs.size(); s++) {
            for (List<Object> row : directRows(s, "SELECT country, COUNT(*) FROM accounts GROUP BY country")) {
                String country = (String) row.get(0);
                assertThat(REGION_SHARDS.get(country)).as("%s rows on s%d", country, s).contains(s);
                seen.computeIfAbsent(country, k -> new TreeSet<>()).add(s);
            }
            for (Object country : directColumn(s, "SELECT DISTINCT country FROM account_events")) {
                assertThat(REGION_SHARDS.get((String) country)).as("%s events on s%d", country, s).contains(s);
            }
        }
        assertThat(seen.get("DE")).as("the EU region spreads by bucket over both its shards").containsExactly(0, 1);
        for (long id = 1; id <= ACCOUNTS; id++) {
            assertThat(REGION_SHARDS.get(country(id))).as("account %d", id).contains(where.get(id));
        }
        Map<Object, Integer> events = locate("account_events", "event_id");
        for (long id = 1; id <= ACCOUNTS; id += 10) {
            assertThat(events.get(2 * id)).as("events of account %d live with it", id).isEqualTo(where.get(id));
        }
    }

    @Test
    void readsByRegionTouchOnlyThatRegionsShards() throws SQLException {
        assertThat(shardsOf("SELECT * FROM accounts WHERE country = ?", "US")).containsExactly("s2");
        assertThat(shardsOf("SELECT * FROM accounts WHERE country IN ('DE', 'JP')")).containsExactly("s0", "s1", "s3");
        try (Connection c = ds.getConnection()) {
            assertThat(queryColumn(c, "SELECT COUNT(*) FROM accounts WHERE country = ?", "US")).containsExactly((long) ACCOUNTS / 4);
            assertThat(queryColumn(c, "SELECT COUNT(*) FROM accounts WHERE country IN ('DE', 'FR')")).containsExactly((long) ACCOUNTS / 2);
            for (long id = 1; id <= 40; id++) {
                assertThat(shardsOf("SELECT name FROM accounts WHERE account_id = ? AND country = ?", id, country(id))).hasSize(1);
                assertThat(queryColumn(c, "SELECT name FROM accounts WHERE account_id = ? AND country = ?", id, country(id)))
                        .containsExactly("account-" + id);
                assertThat(queryColumn(c, "SELECT name FROM accounts WHERE account_id = ?", id)).as("key alone")
                        .containsExactly("account-" + id);
            }
            assertThat(query(c, "SELECT a.name, e.kind FROM accounts a JOIN account_events e ON a.account_id = e.account_id "
                    + "WHERE a.account_id = ? AND a.country = ? ORDER BY e.kind", 11L, country(11)))
                    .containsExactly(List.of("account-11", "login"), List.of("account-11", "logout"));
        }
    }

    @Test
    void residencyErrorsAreRaisedAndWriteNothing() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO accounts (account_id, country, name) VALUES (?, ?, ?)")) {
            ps.setLong(1, 900_001);
            ps.setString(2, "BR");
            ps.setString(3, "nowhere");
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "23514")
                    .hasMessageContaining("accounts").hasMessageContaining("country = 'BR'")
                    .hasMessageContaining("eu [DE, FR]").hasMessageContaining("us [US]").hasMessageContaining("apac [JP]");
            ps.setNull(2, Types.VARCHAR);
            assertThatThrownBy(ps::executeUpdate).hasFieldOrPropertyWithValue("SQLState", "23502")
                    .hasMessageContaining("country is NULL");
            assertThatThrownBy(() -> executeAll(c, "INSERT INTO accounts (account_id, name) VALUES (900002, 'x')"))
                    .hasFieldOrPropertyWithValue("SQLState", "23502").hasMessageContaining("region column country");
            assertThatThrownBy(() -> executeAll(c, "UPDATE accounts SET country = 'US' WHERE account_id = 1"))
                    .hasFieldOrPropertyWithValue("SQLState", "0AS01").hasMessageContaining("region column country");
            // a batch with one bad row fails before any row is written
            try (PreparedStatement batch = c.prepareStatement("INSERT INTO accounts (account_id, country, name) VALUES (?, ?, ?)")) {
                batch.setLong(1, 900_003);
                batch.setString(2, "US");
                batch.setString(3, "fine");
                batch.addBatch();
                batch.setLong(1, 900_004);
                batch.setString(2, "XX");
                batch.setString(3, "bad");
                batch.addBatch();
                assertThatThrownBy(batch::executeBatch).hasFieldOrPropertyWithValue("SQLState", "23514");
            }
        }
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directLong(s, "SELECT COUNT(*) FROM accounts WHERE account_id > 900000")).as("s%d", s).isZero();
        }
        try (Connection c = ds.getConnection()) {
            assertThat(queryColumn(c, "SELECT country FROM accounts WHERE account_id = 1")).containsExactly(country(1));
        }
    }
}
