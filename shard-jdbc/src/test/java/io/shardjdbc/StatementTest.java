package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.jdbc.ShardResultSet;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JDBC statement semantics through the driver, on a table the config does not list (default shard). */
class StatementTest {
    private H2Shards shards;
    private ShardDataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(2);
        shards.on(0, "CREATE TABLE note (id BIGINT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(100), n INT,"
                + " price DECIMAL(10,2), dday DATE, ts TIMESTAMP, flag BOOLEAN, data VARBINARY(100), big CLOB)");
        ds = new ShardDataSource(shards.builder().build());
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    @Test
    void statementRunsUpdatesAndQueriesOnTheDefaultShard() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO note (body, n) VALUES ('a', 1)")).isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO note (body, n) VALUES ('b', 2)")).isEqualTo(1);
            assertThat(s.executeLargeUpdate("UPDATE note SET n = n + 10")).isEqualTo(2L);
            try (ResultSet rs = s.executeQuery("SELECT body, n FROM note ORDER BY n")) {
                assertThat(rs.getStatement()).isSameAs(s);
                assertThat(rs.isBeforeFirst()).isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.isFirst()).isTrue();
                assertThat(rs.getRow()).isEqualTo(1);
                assertThat(rs.getString("body")).isEqualTo("a");
                assertThat(rs.getInt(2)).isEqualTo(11);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("n", Integer.class)).isEqualTo(12);
                assertThat(rs.next()).isFalse();
                assertThat(rs.isAfterLast()).isTrue();
                assertThat(rs.getRow()).isZero();
            }
        }
        assertThat(shards.count(0, "SELECT COUNT(*) FROM note")).isEqualTo(2);
    }

    @Test
    void executeReportsResultSetOrUpdateCountAsTheSpecSays() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("INSERT INTO note (body) VALUES ('x')")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(s.getResultSet()).isNull();
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);

            assertThat(s.execute("SELECT body FROM note")).isTrue();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            ResultSet rs = s.getResultSet();
            assertThat(rs.next()).isTrue();
            assertThat(s.getMoreResults()).isFalse();
            assertThat(rs.isClosed()).isTrue();
            assertThat(s.getResultSet()).isNull();
        }
    }

    @Test
    void executeQueryOnAnUpdateFailsAndChangesNothing() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("INSERT INTO note (body) VALUES ('x')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("executeQuery")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07000"));
            assertThatThrownBy(() -> s.executeUpdate("SELECT * FROM note")).isInstanceOf(SQLException.class);
        }
        assertThat(shards.count(0, "SELECT COUNT(*) FROM note")).isZero();
    }

    @Test
    void physicalErrorsNameTheShardAndKeepSqlStateAndCause() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT nope FROM note"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("shard s0: ")
                    .satisfies(e -> {
                        SQLException se = (SQLException) e;
                        assertThat(se.getSQLState()).isEqualTo("42S22"); // H2: column not found
                        assertThat(se.getCause()).isInstanceOf(SQLException.class);
                        assertThat(((SQLException) se.getCause()).getSQLState()).isEqualTo("42S22");
                    });
        }
    }

    @Test
    void preparedStatementBindsEveryCommonSetterExactly() throws Exception {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO note (body, n, price, dday, ts, flag, data, big) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, "a");
            ps.setInt(2, 7);
            ps.setBigDecimal(3, new BigDecimal("12.34"));
            ps.setDate(4, Date.valueOf("2025-03-04"));
            ps.setTimestamp(5, Timestamp.valueOf("2025-03-04 05:06:07"), utc);
            ps.setBoolean(6, true);
            ps.setBytes(7, new byte[] {1, 2, 3});
            ps.setCharacterStream(8, new StringReader("long text"), 9);
            assertThat(ps.executeUpdate()).isEqualTo(1);

            ps.setObject(1, "b", Types.VARCHAR);
            ps.setLong(2, 8L);
            ps.setObject(3, new BigDecimal("1.005"), Types.DECIMAL, 2);
            ps.setObject(4, LocalDate.of(2024, 1, 2));
            ps.setNull(5, Types.TIMESTAMP);
            ps.setNull(6, Types.BOOLEAN);
            ps.setBinaryStream(7, new ByteArrayInputStream(new byte[] {9}), 1);
            ps.setClob(8, new StringReader("clob"));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM note WHERE body = ?")) {
            ps.setString(1, "a");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("n")).isEqualTo(7);
                assertThat(rs.getBigDecimal("price")).isEqualByComparingTo("12.34");
                assertThat(rs.getDate("dday")).isEqualTo(Date.valueOf("2025-03-04"));
                assertThat(rs.getTimestamp("ts", utc)).isEqualTo(Timestamp.valueOf("2025-03-04 05:06:07"));
                assertThat(rs.getBoolean("flag")).isTrue();
                assertThat(rs.getBytes("data")).containsExactly(1, 2, 3);
                assertThat(rs.getString("big")).isEqualTo("long text");
            }
            ps.setString(1, "b");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("n")).isEqualTo(8L);
                assertThat(rs.getBigDecimal("price")).isEqualByComparingTo("1.01");
                assertThat(rs.getObject("dday", LocalDate.class)).isEqualTo(LocalDate.of(2024, 1, 2));
                assertThat(rs.getTimestamp("ts")).isNull();
                assertThat(rs.wasNull()).isTrue();
                rs.getBoolean("flag");
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getBytes("data")).containsExactly(9);
                assertThat(new String(rs.getAsciiStream("big").readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("clob");
            }
        }
    }

    @Test
    void aMissingParameterFailsBeforeAnythingRuns() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO note (body, n) VALUES (?, ?)")) {
            ps.setString(1, "a");
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("parameter 2")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
            ps.setInt(2, 1);
            ps.clearParameters();
            assertThatThrownBy(ps::executeUpdate).hasMessageContaining("parameter 1");
        }
    }

    @Test
    void preparedStatementReusesItsPhysicalStatement() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT n FROM note WHERE n = ?")) {
            c.setAutoCommit(false); // the transaction keeps the shard's connection between executions
            ps.setInt(1, 1);
            Statement first = physicalOf(ps.executeQuery());
            ps.setInt(1, 2);
            ResultSet second = ps.executeQuery();
            assertThat(second.getStatement()).as("the logical statement").isSameAs(ps);
            assertThat(physicalOf(second)).as("the same physical statement").isNotNull().isSameAs(first);
        }
    }

    private static Statement physicalOf(ResultSet logical) throws SQLException {
        return logical.unwrap(org.h2.jdbc.JdbcResultSet.class).getStatement();
    }

    @Test
    void statementMethodsTakingSqlAreRejectedOnAPreparedStatement() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            assertThatThrownBy(() -> ps.executeQuery("SELECT 2")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("PreparedStatement");
        }
    }

    @Test
    void generatedKeysComeBackFromStatementAndPreparedStatement() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO note (body) VALUES ('k1')", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isPositive();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (body) VALUES (?)", new String[] {"ID"})) {
                ps.setString(1, "k2");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    long id = keys.getLong(1);
                    assertThat(shards.count(0, "SELECT COUNT(*) FROM note WHERE id = " + id + " AND body = 'k2'")).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void maxRowsAndFetchSizeApply() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 10; i++) s.executeUpdate("INSERT INTO note (n) VALUES (" + i + ")");
            s.setMaxRows(3);
            s.setFetchSize(2);
            assertThat(s.getMaxRows()).isEqualTo(3);
            assertThat(s.getFetchSize()).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SELECT n FROM note ORDER BY n")) {
                List<Integer> got = new ArrayList<>();
                while (rs.next()) got.add(rs.getInt(1));
                assertThat(got).containsExactly(0, 1, 2);
            }
            assertThat(s.unwrap(Statement.class)).isSameAs(s);
        }
    }

    @Test
    void resultSetIsForwardOnlyAndReadOnly() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO note (body) VALUES ('a')");
            try (ResultSet rs = s.executeQuery("SELECT id, body FROM note")) {
                assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
                assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
                assertThat(rs.findColumn("BODY")).isEqualTo(2);
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(2);
                assertThat(md.getColumnLabel(2)).isEqualToIgnoringCase("body");
                rs.next();
                assertThatThrownBy(rs::previous).isInstanceOf(SQLException.class).hasMessageContaining("FORWARD_ONLY");
                assertThatThrownBy(() -> rs.updateString(2, "b")).isInstanceOf(SQLException.class);
                assertThat(rs.unwrap(ShardResultSet.class)).isSameAs(rs);
            }
        }
    }

    @Test
    void preparedStatementDescribesColumnsAndParametersBeforeExecuting() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, body FROM note WHERE n = ? AND body = ?")) {
            assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
            ResultSetMetaData md = ps.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(2);
            assertThat(md.getColumnName(2)).isEqualToIgnoringCase("body");
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsResult() throws SQLException {
        try (Connection c = ds.getConnection()) {
            Statement s = c.createStatement();
            s.closeOnCompletion();
            ResultSet rs = s.executeQuery("SELECT * FROM note");
            assertThat(s.isClosed()).isFalse();
            rs.close();
            assertThat(s.isClosed()).isTrue();
        }
    }

    @Test
    void closingTwiceIsHarmlessAndClosedObjectsRefuseWork() throws SQLException {
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM note");
        s.close();
        s.close();
        assertThat(rs.isClosed()).isTrue();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }

    @Test
    void statementBatchesReturnCountsInOrder() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.addBatch("INSERT INTO note (n) VALUES (1)");
            s.addBatch("INSERT INTO note (n) VALUES (2)");
            s.addBatch("UPDATE note SET n = n * 10");
            assertThat(s.executeBatch()).containsExactly(1, 1, 2);
        }
        assertThat(shards.count(0, "SELECT SUM(n) FROM note")).isEqualTo(30);
    }

    @Test
    void preparedBatchesReturnCountsInOrderAndReportFailures() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO note (id, n) VALUES (?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                ps.setLong(1, i);
                ps.setInt(2, i);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
            ps.setLong(1, 1);
            ps.setInt(2, 1);
            ps.addBatch();
            assertThatThrownBy(ps::executeBatch).isInstanceOf(java.sql.BatchUpdateException.class)
                    .hasMessageStartingWith("shard s0: ")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("23"));
        }
        assertThat(shards.count(0, "SELECT COUNT(*) FROM note")).isEqualTo(5);
    }

    @Test
    void connectionReportsItselfThroughMetadataAndUnwrap() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(c.getMetaData().getConnection()).isSameAs(c);
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("H2");
            assertThat(c.unwrap(ShardConnection.class)).isSameAs(c);
            assertThat(c.isWrapperFor(ShardConnection.class)).isTrue();
            assertThat(c.nativeSQL("SELECT {fn NOW()}")).isEqualTo("SELECT {fn NOW()}");
            assertThat(c.isValid(1)).isTrue();
            try (Statement s = c.createStatement()) {
                assertThat(s.getConnection()).isSameAs(c);
            }
        }
    }

    @Test
    void theDataSourceServesJdbcTemplateDirectlyAndRefusesPerCallCredentials() throws SQLException {
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(ds);
        jdbc.update("INSERT INTO note (body, n) VALUES (?, ?)", "spring", 5);
        assertThat(jdbc.queryForObject("SELECT n FROM note WHERE body = ?", Integer.class, "spring")).isEqualTo(5);
        assertThatThrownBy(() -> ds.getConnection("u", "p")).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
        assertThat(ds.topology().shards()).containsExactly("s0", "s1");
        assertThat(ds.explain("SELECT * FROM note WHERE n = ?", 1).units()).extracting(u -> u.shardName()).containsExactly("s0");
    }

    @Test
    void aClosedDataSourceRefusesWork() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ds.close();
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM note"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("closed");
        }
    }
}
