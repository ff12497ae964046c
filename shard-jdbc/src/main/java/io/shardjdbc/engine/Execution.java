package io.shardjdbc.engine;

import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.execute.UnitRunner;
import io.shardjdbc.federation.ShardSource;
import io.shardjdbc.route.RouteUnit;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What primitives need from the JDBC statement running them, for one try of one execution: its
 * physical statements (created with its settings, parameters bound, tracked for cancel and close),
 * the connection slots the try runs on, and the statement's settings that shape a result.
 */
public interface Execution {
    /** Which execute method the application called. */
    ExecMode mode();

    /** The connection slot of each unit of the plan for this try, or null: each on its shard's primary. */
    int[] slots();

    /** The statement's max rows (0 for no limit), cut again on merged rows. */
    long maxRows();

    /** The runtime the statement's connection belongs to (config, pools, metrics). */
    ShardRuntime runtime();

    /** The connection's unit runner (for failures outside a plan's units: federation). */
    UnitRunner units();

    /**
     * A unit's physical statement on a slot, parameters bound, the row limit applied, leased to
     * this statement and recorded as run.
     *
     * @param merging whether the results merge: then every shard returns all its rows (the merge
     *                cuts them), else each may stop at the statement's row limit
     */
    Statement prepare(RouteUnit unit, int slot, boolean merging) throws SQLException;

    /** Runs a unit's prepared physical statement as {@code mode} asks: its rows, or its update count. */
    UnitResult run(RouteUnit unit, Statement statement, ExecMode mode) throws SQLException;

    /** The physical statements of this execution so far, in unit order. */
    List<Statement> ran();

    /** The shard of each of {@link #ran()}. */
    List<String> ranShards();

    /** Forgets what ran so far (a round whose results are not the statement's). */
    void forgetRan();

    /** Drops the physical statement a unit ran with, when the statement keeps them per SQL text. */
    void forgetStatement(RouteUnit unit, int slot);

    /** The columns of an aggregated result, kept per SQL text (reading a driver's metadata costs lookups). */
    ResultSetMetaData mergedMetaData(ResultSet shardResult, int visible, String sql) throws SQLException;

    /** The shard reads of a federated execution, released when its result closes. */
    ShardSource federatedReads(boolean primaryRead, String sql);
}
