package io.shardjdbc.ids;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.physical.PhysicalPools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup check for sharded tables whose own DDL numbers their rows (identity, serial,
 * AUTO_INCREMENT) without a {@code generated-id} in the config: every shard counts on its own, so
 * ids repeat across shards. Asked once of the default shard's catalog; {@code identity-columns: warn}
 * logs each such table when the application creates it through the driver ({@link #onStatement}:
 * the start opens no session), {@code refuse} asks the default shard's catalog at start and fails
 * the start, and refuses such a CREATE TABLE. A default shard that does not answer at start leaves
 * the check undone (logged), never the start failed for it.
 */
public final class IdentityColumns {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityColumns.class);

    private IdentityColumns() { }

    /** Runs the check on the default shard's catalog. */
    public static void check(ShardConfig config, PhysicalPools pools) {
        List<String> sharded = new ArrayList<>();
        config.tables().forEach((name, spec) -> {
            if (spec.key() != null && !spec.broadcast() && !config.generatedIds().containsKey(name)) sharded.add(name);
        });
        if (sharded.isEmpty() || config.dialect() == Dialect.H2) return;
        List<String> found = new ArrayList<>();
        try (Connection c = pools.open(0); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query(config.dialect()))) {
            while (rs.next()) {
                String table = rs.getString(1).toLowerCase(Locale.ROOT);
                if (sharded.contains(table)) found.add(table + "." + rs.getString(2));
            }
        } catch (SQLException e) {
            LOG.info("could not check the sharded tables for identity columns on the default shard: {}", e.getMessage());
            return;
        }
        if (found.isEmpty()) return;
        String advice = advice("these columns", config);
        if (config.identityColumns() == ShardConfig.IdentityColumns.REFUSE) {
            throw new ConfigException(config.source(), "identity-columns", "sharded tables with identity columns and no "
                    + "generated-id: " + found + "; " + advice);
        }
        for (String column : found) LOG.warn("sharded table column {} is an identity/serial/AUTO_INCREMENT column: {}", column, advice);
    }

    private static final java.util.Set<String> NUMBERING = java.util.Set.of("serial", "bigserial", "smallserial", "serial4",
            "serial8", "serial2", "identity", "auto_increment");

    /**
     * Looks at a statement the application runs: a CREATE TABLE of a sharded table without a generated id that
     * declares a column numbered by the database is logged (warn) or refused (refuse) before it runs.
     */
    public static void onStatement(String sql, ShardConfig config, io.shardjdbc.sql.StatementAnalyzer analyzer)
            throws SQLException {
        String head = sql.stripLeading();
        if (head.length() < 6 || !head.regionMatches(true, 0, "create", 0, 6)) return;
        io.shardjdbc.sql.LexedSql lexed = analyzer.lex(sql);
        String table = null;
        boolean numbered = false;
        List<io.shardjdbc.sql.Token> tokens = lexed.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            io.shardjdbc.sql.Token t = tokens.get(i);
            if (t.kind() != io.shardjdbc.sql.Token.Kind.WORD && t.kind() != io.shardjdbc.sql.Token.Kind.QUOTED) continue;
            String w = t.text(sql).toLowerCase(Locale.ROOT);
            if (table == null && w.equals("table")) {
                int j = i + 1;
                while (j < tokens.size() && List.of("if", "not", "exists").contains(tokens.get(j).text(sql).toLowerCase(Locale.ROOT))) j++;
                if (j < tokens.size()) table = tokens.get(j).text(sql).replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT);
            }
            if (NUMBERING.contains(w)) numbered = true;
        }
        if (table == null || !numbered) return;
        io.shardjdbc.config.TableSpec spec = config.tables().get(table);
        if (spec == null || spec.key() == null || spec.broadcast() || config.generatedIds().containsKey(table)) return;
        String advice = advice(table + "'s ids", config);
        if (config.identityColumns() == ShardConfig.IdentityColumns.REFUSE) {
            throw new java.sql.SQLFeatureNotSupportedException("sharded table " + table + " declares an identity, serial or "
                    + "AUTO_INCREMENT column and has no generated-id (identity-columns: refuse): " + advice,
                    io.shardjdbc.sql.Refusals.SQL_STATE);
        }
        LOG.warn("sharded table {} declares an identity, serial or AUTO_INCREMENT column: {}", table, advice);
    }

    private static String advice(String what, ShardConfig config) {
        return "each shard numbers " + what + " on its own, so the values repeat across shards; give the table generated-id: "
                + "{ column: ... } in " + config.source() + " (the driver then fills the column with ids unique across shards), "
                + "or set the column yourself";
    }

    private static String query(Dialect dialect) {
        return dialect == Dialect.MYSQL
                ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                        + "AND extra LIKE '%auto_increment%'"
                : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        + "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')";
    }

}
