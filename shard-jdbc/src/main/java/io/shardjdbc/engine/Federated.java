package io.shardjdbc.engine;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.federation.ShardSource;
import io.shardjdbc.merge.ConcatCursor;
import io.shardjdbc.route.Federation;
import io.shardjdbc.route.Parameters;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A SELECT the shards cannot answer whole: the federation engine plans it (once per SQL text and
 * topology) and streams its rows, reading the shards through the statement's connection (so
 * placement, replica retry, cancel and timeouts apply to its shard reads as to any read).
 *
 * @param federation  why the statement is federated
 * @param sql         the logical statement
 * @param params      its parameter values (federation evaluates them itself)
 * @param primaryRead the statement must read primaries
 */
public record Federated(Federation federation, String sql, Parameters params, boolean primaryRead) implements Primitive {
    @Override
    public Outcome open(Execution ex) throws SQLException {
        if (ex.mode() == ExecMode.UPDATE) {
            throw new SQLException("executeUpdate cannot run a query; use executeQuery [statement: "
                    + ShardErrors.abbreviate(sql) + "]", "07000");
        }
        ShardSource reads = ex.federatedReads(primaryRead, sql);
        ResultSet rows;
        try {
            rows = ex.runtime().federation().execute(ex.runtime().topology(), sql, params, reads, ex.maxRows());
        } catch (SQLException e) {
            reads.close();
            throw ex.units().afterFailure(e, null, false);
        } catch (RuntimeException e) {
            reads.close();
            throw e;
        }
        return Outcome.of(new ConcatCursor(rows, "federation", 0));
    }

    @Override
    public String line() { return "Federated: " + federation.reason(); }
}
