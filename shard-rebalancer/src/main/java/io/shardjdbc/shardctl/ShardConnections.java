package io.shardjdbc.shardctl;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.directory.Redact;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Plain JDBC connections to the shards of a config, for commands that read each shard directly.
 * A shard may stay silent at most the command's timeout — while connecting, logging in, and on
 * each read (the physical driver's connect and socket timeouts; a statement timeout for
 * statements that return one answer) — and is then named as the shard that did not answer. A shard
 * that timed out once is not asked again in the same run, so a hung host costs one timeout, not
 * one per table.
 */
final class ShardConnections {
    private final ShardConfig config;
    private final Duration timeout;
    private final Set<String> silent = new HashSet<>();
    private final StoreShards storeShards;

    /** The shards the metadata store lists that the config does not (added with shardctl shard add). */
    @FunctionalInterface
    interface StoreShards {
        /** The store's URL of {@code shard}, or null when the store does not list it (or there is no store). */
        String url(String shard) throws SQLException;
    }

    ShardConnections(ShardConfig config, Duration timeout, StoreShards storeShards) {
        this.config = config;
        this.timeout = timeout;
        this.storeShards = storeShards;
    }

    /**
     * A shard of the config, or one the store lists with the credentials drivers use for it
     * ({@link ShardConfig#shardAt}); null when neither knows it.
     */
    ShardSpec spec(String shard) throws SQLException {
        ShardSpec s = config.shards().get(shard);
        if (s != null) return s;
        String url = storeShards.url(shard);
        return url == null ? null : config.shardAt(shard, url);
    }

    /** A new connection to a shard's primary, with the config's credentials and driver properties. */
    Connection open(String shard) throws SQLException {
        ShardSpec s = spec(shard);
        if (s == null) throw new SQLException("shard " + shard + " is in the placement but neither in " + config.source()
                + " nor in the metadata store's shard list", "08001");
        if (silent.contains(shard)) {
            throw new Silent("shard " + shard + " did not answer within " + seconds() + " s earlier in this run", null);
        }
        Properties p = new Properties();
        silenceLimits(p, Dialect.ofUrl(s.url()));
        p.putAll(s.properties()); // the config's own timeouts win
        if (s.username() != null) p.setProperty("user", s.username());
        if (s.password() != null) p.setProperty("password", s.password());
        try {
            return DriverManager.getConnection(s.url(), p);
        } catch (SQLException e) {
            throw failure(shard, e);
        }
    }

    /** A statement whose one answer may take at most the timeout (e.g. a COUNT). */
    Statement boundedStatement(Connection c) throws SQLException {
        Statement st = c.createStatement();
        st.setQueryTimeout(seconds());
        return st;
    }

    /**
     * The error to report for a failure on {@code shard}: a timeout says the shard did not answer
     * (and the shard is not asked again in this run); anything else passes unchanged.
     */
    SQLException failure(String shard, SQLException e) {
        if (e instanceof Silent || !timedOut(e)) return e;
        silent.add(shard);
        return new Silent("shard " + shard + " did not answer within " + seconds() + " s (--timeout): its host "
                + "accepts connections but the database is silent, or a statement waited on a lock; check the server of "
                + Redact.url(specOrNull(shard)), e);
    }

    private String specOrNull(String shard) {
        try {
            ShardSpec s = spec(shard);
            return s == null ? shard : s.url();
        } catch (SQLException e) {
            return shard;
        }
    }

    /** A shard that stayed silent longer than the timeout. */
    private static final class Silent extends SQLException {
        Silent(String message, SQLException cause) {
            super(message, "08006", cause);
        }
    }

    private static boolean timedOut(SQLException e) {
        if (e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())) return true; // 57014: canceled by the timeout
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) return true;
        }
        return false;
    }

    private int seconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }

    /** The physical driver's connect, login and read timeouts, in its own units. */
    private void silenceLimits(Properties p, Dialect dialect) {
        if (dialect == Dialect.POSTGRESQL) {
            String s = String.valueOf(seconds());
            p.setProperty("connectTimeout", s);
            p.setProperty("socketTimeout", s); // also bounds the login's reads (loginTimeout would hide the cause)
        } else if (dialect == Dialect.MYSQL) {
            String ms = String.valueOf(seconds() * 1000L);
            p.setProperty("connectTimeout", ms);
            p.setProperty("socketTimeout", ms);
        }
    }
}
