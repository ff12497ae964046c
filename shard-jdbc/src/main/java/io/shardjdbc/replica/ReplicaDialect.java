package io.shardjdbc.replica;

import io.shardjdbc.config.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What replica routing asks a database: how far behind a replica is, where the primary's writes are,
 * how far a replica has replayed. One per dialect; positions are text in the database's own format
 * (see {@link Positions}); null where a database does not tell (then read-your-writes falls back to
 * a time window).
 */
public abstract class ReplicaDialect {
    /** Measured state of a replica: lag in milliseconds ({@link #UNKNOWN} when it cannot tell) and replayed position. */
    public record Status(long lagMillis, String position) { }

    public static final long UNKNOWN = Long.MAX_VALUE;

    public static ReplicaDialect of(Dialect d) {
        return switch (d) {
            case POSTGRESQL -> new Postgres();
            case MYSQL -> new MySql();
            case H2 -> new Unmeasured();
        };
    }

    /** Lag and position of a replica, on a connection to it. */
    public abstract Status status(Connection replica) throws SQLException;

    /** The primary's current write position (after a commit: at or past that commit), or null. */
    public abstract String primaryPosition(Connection primary) throws SQLException;

    /** The replica's replayed position now, or null. */
    public abstract String replicaPosition(Connection replica) throws SQLException;

    /** True when replayed position {@code have} includes everything up to {@code need}. */
    public abstract boolean reached(String have, String need);

    /** Driver properties that bound connecting to and waiting on a probed replica. */
    public abstract void probeTimeouts(Properties p);

    static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** PostgreSQL streaming replicas: replay timestamp and WAL positions. */
    static final class Postgres extends ReplicaDialect {
        // streaming and caught up with what it received -> no lag, however old the last replayed commit is (an
        // idle primary); not streaming (cut off from the primary) -> the age of the last replayed commit
        private static final String STATUS = "SELECT pg_is_in_recovery(), CASE WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver)"
                + " AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
                + " THEN 0 ELSE (EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint END,"
                + " pg_last_wal_replay_lsn()::text";

        @Override
        public Status status(Connection replica) throws SQLException {
            try (Statement s = replica.createStatement(); ResultSet rs = s.executeQuery(STATUS)) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new SQLException("the server is not in recovery: it is not a replica (promoted, or the url names a primary)", "55000");
                }
                long lag = rs.getLong(2);
                if (rs.wasNull()) lag = UNKNOWN;
                return new Status(Math.max(0, lag), rs.getString(3));
            }
        }

        @Override
        public String primaryPosition(Connection primary) throws SQLException {
            return single(primary, "SELECT pg_current_wal_lsn()::text");
        }

        @Override
        public String replicaPosition(Connection replica) throws SQLException {
            return single(replica, "SELECT pg_last_wal_replay_lsn()::text");
        }

        @Override
        public boolean reached(String have, String need) { return Positions.lsnReached(have, need); }

        @Override
        public void probeTimeouts(Properties p) {
            p.setProperty("connectTimeout", "2");
            p.setProperty("socketTimeout", "5");
        }
    }

    /** MySQL / MariaDB replicas: replica status; GTID positions on MariaDB. */
    static final class MySql extends ReplicaDialect {
        @Override
        public Status status(Connection replica) throws SQLException {
            try {
                return status(replica, "SHOW SLAVE STATUS");
            } catch (java.sql.SQLSyntaxErrorException e) {
                return status(replica, "SHOW REPLICA STATUS"); // MySQL 8.4 and later know only this form
            }
        }

        private Status status(Connection replica, String sql) throws SQLException {
            try (Statement s = replica.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (!rs.next()) throw new SQLException(sql + " is empty: the server is not a replica", "55000");
                ResultSetMetaData md = rs.getMetaData();
                long lag = UNKNOWN;
                String gtid = null;
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String col = md.getColumnLabel(i);
                    if (col.equalsIgnoreCase("Seconds_Behind_Master") || col.equalsIgnoreCase("Seconds_Behind_Source")) {
                        long v = rs.getLong(i);
                        lag = rs.wasNull() ? UNKNOWN : v * 1000; // NULL: the SQL thread does not run
                    } else if (col.equalsIgnoreCase("Gtid_Slave_Pos")) {
                        gtid = rs.getString(i);
                    }
                }
                if (gtid == null) gtid = replicaPosition(replica);
                return new Status(lag, gtid);
            }
        }

        @Override
        public String primaryPosition(Connection primary) throws SQLException {
            try {
                return single(primary, "SELECT @@gtid_binlog_pos");
            } catch (SQLException e) {
                return null; // MySQL has no MariaDB GTID positions: a time window instead
            }
        }

        @Override
        public String replicaPosition(Connection replica) throws SQLException {
            try {
                return single(replica, "SELECT @@gtid_slave_pos");
            } catch (SQLException e) {
                return null;
            }
        }

        @Override
        public boolean reached(String have, String need) { return Positions.gtidReached(have, need); }

        @Override
        public void probeTimeouts(Properties p) {
            p.setProperty("connectTimeout", "2000");
            p.setProperty("socketTimeout", "5000");
        }
    }

    /** Databases without replication status (H2): replicas count as current; read-your-writes by time window. */
    static final class Unmeasured extends ReplicaDialect {
        @Override
        public Status status(Connection replica) throws SQLException {
            single(replica, "SELECT 1");
            return new Status(0, null);
        }

        @Override
        public String primaryPosition(Connection primary) { return null; }

        @Override
        public String replicaPosition(Connection replica) { return null; }

        @Override
        public boolean reached(String have, String need) { return false; }

        @Override
        public void probeTimeouts(Properties p) { }
    }
}
