package io.shardjdbc.physical;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The session settings of one logical connection, remembered so that every physical connection it
 * opens later behaves like those opened before: JDBC properties (auto-commit, read-only, isolation,
 * catalog, schema, holdability, network timeout) and session SQL ({@code SET ...}, with its bound parameter values
 * when it was prepared) replayed in order.
 * A null property means "never set": the physical connection keeps its own default.
 */
public final class SessionState {
    private boolean autoCommit = true;
    private Boolean readOnly;
    private Integer isolation;
    private String catalog;
    private String schema;
    private Integer holdability;
    private Executor networkTimeoutExecutor;
    private int networkTimeout = -1;
    private final List<SessionStatement> statements = new ArrayList<>();
    // SET LOCAL / SET TRANSACTION: they last until the transaction ends, so they are replayed only
    // on shards that join the current transaction, then forgotten
    private final List<SessionStatement> transactionStatements = new ArrayList<>();
    private static final Pattern TRANSACTION_SCOPED = Pattern.compile("(?is)\\s*SET\\s+(LOCAL|TRANSACTION)\\b.*");

    public boolean autoCommit() { return autoCommit; }

    public void autoCommit(boolean v) { autoCommit = v; }

    public Boolean readOnly() { return readOnly; }

    public void readOnly(boolean v) { readOnly = v; }

    public Integer isolation() { return isolation; }

    public void isolation(int v) { isolation = v; }

    public String catalog() { return catalog; }

    public void catalog(String v) { catalog = v; }

    public String schema() { return schema; }

    public void schema(String v) { schema = v; }

    public Integer holdability() { return holdability; }

    public void holdability(int v) { holdability = v; }

    public int networkTimeout() { return networkTimeout; }

    public void networkTimeout(Executor executor, int millis) {
        networkTimeoutExecutor = executor;
        networkTimeout = millis;
    }

    /** True for session SQL whose effect ends with the transaction ({@code SET LOCAL}, {@code SET TRANSACTION}). */
    public static boolean isTransactionScoped(String sql) {
        return TRANSACTION_SCOPED.matcher(sql).matches();
    }

    /** Forgets the transaction-scoped statements: the transaction they belonged to has ended. */
    public void endTransaction() {
        transactionStatements.clear();
    }

    /** Session statements run so far that last for the session, oldest first. */
    public List<SessionStatement> statements() { return statements; }

    /**
     * Remembers a session statement; a repeat of the same text (with the same or, when prepared, other values) replaces
     * the earlier one at the end instead of growing the list: it sets the same variables.
     */
    public void addStatement(SessionStatement statement) {
        if (isTransactionScoped(statement.sql())) {
            if (!autoCommit) transactionStatements.add(statement);
            return;
        }
        statements.removeIf(s -> s.sql().equals(statement.sql()));
        statements.add(statement);
    }

    /**
     * True when a physical connection brought to this session's state must stay with the logical
     * connection: it carries state its pool cannot reset (session SQL, holdability).
     */
    public boolean pinsConnections() {
        return !statements.isEmpty() || holdability != null;
    }

    /** Brings a freshly borrowed physical connection to this session's state. */
    public void applyTo(Connection c) throws SQLException {
        if (!autoCommit) c.setAutoCommit(false);
        if (readOnly != null) c.setReadOnly(readOnly);
        if (isolation != null) c.setTransactionIsolation(isolation);
        if (catalog != null) c.setCatalog(catalog);
        if (schema != null) c.setSchema(schema);
        if (holdability != null) c.setHoldability(holdability);
        if (networkTimeout >= 0 && networkTimeoutExecutor != null) c.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
        if (statements.isEmpty() && (autoCommit || transactionStatements.isEmpty())) return;
        List<SessionStatement> replay = new ArrayList<>(statements);
        if (!autoCommit) replay.addAll(transactionStatements);
        for (SessionStatement statement : replay) {
            try {
                statement.runOn(c);
            } catch (SQLException e) {
                throw new SQLException("replaying session statement '" + statement.sql() + "' on a new connection failed: "
                        + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
        }
    }
}
