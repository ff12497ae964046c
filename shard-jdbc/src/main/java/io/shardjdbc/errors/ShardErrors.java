package io.shardjdbc.errors;

import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns errors of physical connections into errors of the logical one. The message is prefixed with
 * the shard name so the user knows where it happened; the SQLState, vendor code and exception
 * subclass are kept because frameworks (Spring's translators, retry logic) decide on them.
 */
public final class ShardErrors {
    private static final int MAX_SQL_IN_MESSAGE = 200;

    private ShardErrors() { }

    /** A physical error, attributed to a shard. */
    public static SQLException fromShard(String shard, SQLException e) {
        if (attributed(shard, e)) return e;
        return copy("shard " + shard + ": " + e.getMessage(), e);
    }

    /**
     * A physical error of a statement, attributed to a shard; the statement is named unless the
     * physical message already quotes it (H2 does, PostgreSQL does not).
     */
    public static SQLException fromShard(String shard, String sql, SQLException e) {
        if (attributed(shard, e)) return e;
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String withSql = sql == null || msg.contains(sql) ? msg : msg + " [statement: " + abbreviate(sql) + "]";
        return copy("shard " + shard + ": " + withSql, e);
    }

    // errors made by shard-jdbc itself (pools, transactions) already say where they happened
    private static boolean attributed(String shard, SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("shard " + shard + ": ");
    }

    /**
     * True when an error means the physical connection is gone (SQLState class 08, a backend
     * terminated by the server: PostgreSQL 57P01-57P03, MySQL/MariaDB "connection was killed" 1927),
     * in the error or its causes. Such a connection never serves another statement.
     */
    public static boolean isConnectionLoss(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SQLException se) {
                String state = se.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03"))) return true;
                if (se.getErrorCode() == MYSQL_CONNECTION_KILLED) return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    private static final int MYSQL_CONNECTION_KILLED = 1927;

    /** A SQL text short enough for an error message. */
    public static String abbreviate(String sql) {
        String oneLine = sql.strip();
        return oneLine.length() <= MAX_SQL_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_SQL_IN_MESSAGE) + "...";
    }

    /** A JDBC URL with any password in it masked, for messages and logs. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password|pwd)=[^&;]*", "$1=***");
    }

    /** The error with another message: same type, SQLState and vendor code, caused by it. */
    public static SQLException reworded(SQLException e, String message) {
        return copy(message, e);
    }

    // Same subclass as the physical error: Spring's SQLExceptionSubclassTranslator maps on the type.
    private static SQLException copy(String msg, SQLException e) {
        String state = e.getSQLState();
        // Connector/J reports a query timeout without a SQLState; give it PostgreSQL's query_canceled
        // and a cancelled statement (MySQLStatementCancelledException) the same: both are query_canceled
        if (state == null) {
            state = e instanceof SQLTimeoutException || e.getClass().getSimpleName().endsWith("StatementCancelledException")
                    ? "57014" : "HY000";
        }
        int code = e.getErrorCode();
        SQLException out;
        if (e instanceof BatchUpdateException b) {
            out = new BatchUpdateException(msg, state, code, b.getLargeUpdateCounts(), e);
        } else if (e instanceof SQLIntegrityConstraintViolationException) {
            out = new SQLIntegrityConstraintViolationException(msg, state, code, e);
        } else if (e instanceof SQLTransactionRollbackException) {
            out = new SQLTransactionRollbackException(msg, state, code, e);
        } else if (e instanceof SQLTimeoutException) {
            out = new SQLTimeoutException(msg, state, code, e);
        } else if (e instanceof SQLSyntaxErrorException) {
            out = new SQLSyntaxErrorException(msg, state, code, e);
        } else if (e instanceof SQLDataException) {
            out = new SQLDataException(msg, state, code, e);
        } else if (e instanceof SQLFeatureNotSupportedException) {
            out = new SQLFeatureNotSupportedException(msg, state, code, e);
        } else if (e instanceof SQLInvalidAuthorizationSpecException) {
            out = new SQLInvalidAuthorizationSpecException(msg, state, code, e);
        } else if (e instanceof SQLNonTransientConnectionException) {
            out = new SQLNonTransientConnectionException(msg, state, code, e);
        } else if (e instanceof SQLTransientConnectionException) {
            out = new SQLTransientConnectionException(msg, state, code, e);
        } else if (e instanceof SQLRecoverableException) {
            out = new SQLRecoverableException(msg, state, code, e);
        } else {
            out = new SQLException(msg, state, code, e);
        }
        return out;
    }
}
