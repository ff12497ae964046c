package io.shardjdbc.move;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The change stream of a move's source: opened at the moment the copy's snapshot is taken, read until
 * a marker the engine writes into it, and dropped at the end (after success, abort or a crash). One
 * implementation per kind of source database: PostgreSQL logical decoding, the MySQL/MariaDB binary log.
 */
interface Capture extends AutoCloseable {
    /**
     * How many source transactions the sink applies before it commits on the target (and at every
     * pause of the stream and every marker): one target commit per source transaction could not keep
     * up with many writers, and the position confirmed to the source never passes what was committed.
     */
    int COMMIT_EVERY = 500;

    /**
     * Starts capturing when this move has no capture yet, and returns true then. With {@code read} (a
     * fresh connection, not in autocommit) it also begins the copy's read transaction there: on a new
     * capture its snapshot is the capture's starting point; on a resumed one it sees the current rows
     * (the changes replayed from the capture's start bring them up to date).
     */
    boolean open(Connection admin, Connection read, List<MovedTable> tables) throws SQLException;

    /** What the journal keeps so that another process can resume this capture (a slot name, a binary log position). */
    String position();

    /** Whether this process is reading the capture (it was opened or resumed here). */
    boolean isOpen();

    /** Writes a marker into the change stream, committed with {@code c}'s transaction (or at once in autocommit). */
    void mark(Connection c, String content) throws SQLException;

    /**
     * Passes every change into {@code sink} until the marker {@code until} arrives: everything
     * committed on the source before the marker has then been passed on and committed by the sink.
     */
    void streamUntil(String until, Sink sink, Idle idle) throws SQLException;

    /** Ends the capture for good and removes what it left on the source; run on a normal connection to the source. */
    void drop(Connection admin) throws SQLException;

    /** Stops reading (the capture stays on the source for a later resume). */
    @Override
    void close();

    /** Receives changes. */
    interface Sink {
        void row(RowChange row) throws SQLException;

        /** The sink commits what it applied (after one or more source transactions). */
        void commit() throws SQLException;
    }

    /** Runs while the stream has nothing to deliver (e.g. checks the lease); may stop the stream by failing. */
    @FunctionalInterface
    interface Idle {
        void check() throws SQLException;
    }
}
