package io.shardjdbc.physical;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A session statement ({@code SET ...}) as the application sent it: its text and, when it came through a
 * prepared statement with {@code ?} markers, the values bound to them. It runs on every shard connection of the
 * logical connection, now and when one is opened later, bound the same way each time.
 *
 * @param sql        the physical SQL text
 * @param parameters binds the values to a physical prepared statement, or null for a statement without markers
 */
public record SessionStatement(String sql, Binding parameters) {

    /** Binds the statement's parameter values to a physical prepared statement of its text. */
    @FunctionalInterface
    public interface Binding {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A statement without parameters. */
    public static SessionStatement of(String sql) {
        return new SessionStatement(sql, null);
    }

    /** Runs the statement on a shard connection: prepared with its values bound when it has any, as the application sent it. */
    public void runOn(Connection c) throws SQLException {
        if (parameters == null) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.bind(ps);
            ps.execute();
        }
    }
}
