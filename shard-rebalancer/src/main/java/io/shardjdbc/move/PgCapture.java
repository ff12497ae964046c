package io.shardjdbc.move;

import io.shardjdbc.config.ShardSpec;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Change capture on a PostgreSQL source through logical decoding: a publication of the moving
 * tables and a logical replication slot ({@code pgoutput}), both named after the move. The slot is
 * created with an exported snapshot, so the copy reads exactly the state the change stream starts
 * from; {@link #drop} removes slot and publication (after success, abort or a crash). Markers the
 * engine emits into the stream ({@code pg_logical_emit_message}) tell it when it has seen every
 * change committed before a point.
 */
final class PgCapture implements Capture {
    static final String MARKER_PREFIX = "sjdbc";
    private final ShardSpec source;
    private final String slot;
    private final String publication;
    private Connection replication;
    private PGReplicationStream stream;
    private final PgOutput decoder = new PgOutput();

    PgCapture(ShardSpec source, String moveId) {
        this.source = source;
        String name = "sjdbc_" + moveId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        this.slot = name.length() > 63 ? name.substring(0, 63) : name;
        this.publication = slot;
    }

    /** The slot's name (also the publication's). */
    @Override
    public String position() { return slot; }

    /**
     * Creates the publication and the slot (when absent); a new slot's exported snapshot becomes the
     * snapshot of {@code read}'s transaction.
     */
    @Override
    public boolean open(Connection admin, Connection read, List<MovedTable> tables) throws SQLException {
        String snapshot = createSlot(admin, tables);
        if (read != null) {
            read.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (snapshot != null) {
                try (Statement st = read.createStatement()) {
                    st.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                }
            }
        }
        return snapshot != null;
    }

    /**
     * Creates the publication and the slot (when absent) and returns the snapshot to copy from, or
     * null when the slot already existed (a resumed move: its snapshot is gone).
     */
    private String createSlot(Connection admin, List<MovedTable> tables) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    try (Statement st = admin.createStatement()) {
                        st.execute("CREATE PUBLICATION " + publication + " FOR TABLE "
                                + String.join(", ", tables.stream().map(MovedTable::name).toList()));
                    }
                    if (!admin.getAutoCommit()) admin.commit();
                }
            }
        }
        replication = openReplication();
        if (exists) return null;
        try (Statement st = replication.createStatement();
             ResultSet rs = st.executeQuery("CREATE_REPLICATION_SLOT " + slot + " LOGICAL pgoutput EXPORT_SNAPSHOT")) {
            rs.next();
            return rs.getString("snapshot_name");
        }
    }

    private Connection openReplication() throws SQLException {
        Properties p = new Properties();
        p.putAll(source.properties());
        if (source.username() != null) p.setProperty("user", source.username());
        if (source.password() != null) p.setProperty("password", source.password());
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return DriverManager.getConnection(source.url(), p);
    }

    /** Emits a logical message into the change stream, committed with {@code c}'s transaction (or at once in autocommit). */
    @Override
    public void mark(Connection c, String content) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_logical_emit_message(true, ?, ?)")) {
            ps.setString(1, MARKER_PREFIX);
            ps.setString(2, content);
            ps.execute();
        }
    }

    /** Whether the replication connection is open (the slot exists and this process holds it). */
    @Override
    public boolean isOpen() { return replication != null; }

    /**
     * Streams changes into {@code sink} until the marker {@code until} arrives (everything committed on
     * the source before the marker has then been passed on and committed by the sink), confirming
     * progress to the server so the slot can let go of old WAL.
     */
    @Override
    public void streamUntil(String until, Sink sink, Idle idle) throws SQLException {
        if (stream == null) {
            stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", publication)
                    .withSlotOption("messages", "true")
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
        }
        int uncommitted = 0; // source transactions applied since the sink last committed
        LogSequenceNumber applied = null;
        while (true) {
            ByteBuffer msg = stream.readPending();
            if (msg == null) {
                if (uncommitted > 0) {
                    confirm(sink, applied);
                    uncommitted = 0;
                }
                idle.check();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while reading the change stream of slot " + slot, "57014");
                }
                continue;
            }
            LogSequenceNumber lsn = stream.getLastReceiveLSN();
            PgOutput.Change change = decoder.decode(msg);
            if (change instanceof PgOutput.Row row) {
                sink.row(row.change());
            } else if (change instanceof PgOutput.Commit) {
                applied = lsn;
                if (++uncommitted >= Capture.COMMIT_EVERY) {
                    confirm(sink, applied);
                    uncommitted = 0;
                }
            } else if (change instanceof PgOutput.Marker m && MARKER_PREFIX.equals(m.prefix()) && m.content().equals(until)) {
                confirm(sink, lsn);
                stream.forceUpdateStatus();
                return;
            }
        }
    }

    /** Commits what the sink applied, then tells the server the slot may let go of the stream up to {@code lsn}. */
    private void confirm(Sink sink, LogSequenceNumber lsn) throws SQLException {
        sink.commit();
        stream.setAppliedLSN(lsn);
        stream.setFlushedLSN(lsn);
    }

    @Override
    public void close() {
        try {
            if (stream != null) stream.close();
        } catch (SQLException ignored) {
            // the connection goes next
        }
        stream = null;
        try {
            if (replication != null) replication.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
        replication = null;
    }

    /**
     * Drops the slot and the publication if they exist, waiting (bounded) for a slot still held by a
     * connection of a process that just died; run on a normal connection to the source.
     */
    @Override
    public void drop(Connection admin) throws SQLException {
        close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (PreparedStatement ps = admin.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                ps.execute();
                break;
            } catch (SQLException e) {
                // 55006: the slot is still active for a walsender whose client is gone; it ends shortly
                if (!"55006".equals(e.getSQLState()) || System.nanoTime() > deadline) throw e;
                if (!admin.getAutoCommit()) admin.rollback();
                try (PreparedStatement ps = admin.prepareStatement(
                        "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                    ps.setString(1, slot);
                    ps.execute();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        try (Statement st = admin.createStatement()) {
            st.execute("DROP PUBLICATION IF EXISTS " + publication);
        }
        if (!admin.getAutoCommit()) admin.commit();
    }
}
