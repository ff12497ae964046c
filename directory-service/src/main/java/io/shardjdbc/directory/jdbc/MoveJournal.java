package io.shardjdbc.directory.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The state of online moves in the metadata store: each move's units, state, copy checkpoint and
 * change-capture position, the history of its steps, and a lease so that two {@code shardctl}
 * processes never run one move. A unit can be in one active move at a time: {@link #create} takes a
 * lock row per unit under a primary key (the database refuses a second one) and {@link #finish}
 * gives them back. Every write of a running move is conditional on holding its lease, so a process
 * that lost its lease (it stalled past the expiry and another took over) stops at its next write.
 */
public final class MoveJournal {
    /** SQLState of a lost lease or of a unit already moving: retry later (or resume the other move). */
    public static final String CONFLICT = "55006";

    private final DataSource dataSource;

    MoveJournal(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One move as recorded. {@code units} are the unit names (hash buckets as numbers, directory keys as
     * text); {@code checkpoint} and {@code capture} are the engine's own texts; {@code options} its
     * settings (e.g. the rate) as text; lease fields are null when nobody runs the move.
     */
    public record Move(String id, String group, String kind, String source, String target, String state,
                       List<String> units, String checkpoint, String capture, long rowsCopied, long rowsEstimated,
                       String options, String error, String leaseOwner, Long leaseExpiresMs) {
        public Move {
            units = List.copyOf(units);
        }
    }

    /** A step of a move's history. */
    public record Step(int seq, String state, String detail, java.time.Instant at) { }

    /**
     * Records a new move in state {@code state} with its units locked, or fails with {@value #CONFLICT}
     * naming the move that already moves one of the units (nothing is written then).
     */
    public void create(Move m) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sjdbc_move (move_id, group_name, kind, source_shard, "
                    + "target_shard, state, checkpoint, capture, rows_copied, rows_estimated, options, error, lease_owner, "
                    + "lease_expires_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, ?, ?, NULL, ?, ?, "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                ps.setString(1, m.id());
                ps.setString(2, m.group());
                ps.setString(3, m.kind());
                ps.setString(4, m.source());
                ps.setString(5, m.target());
                ps.setString(6, m.state());
                ps.setLong(7, m.rowsEstimated());
                ps.setString(8, m.options());
                ps.setString(9, m.leaseOwner());
                if (m.leaseExpiresMs() == null) ps.setNull(10, Types.BIGINT);
                else ps.setLong(10, m.leaseExpiresMs());
                ps.executeUpdate();
            }
            try (PreparedStatement unit = c.prepareStatement("INSERT INTO sjdbc_move_unit (move_id, unit) VALUES (?, ?)");
                 PreparedStatement lock = c.prepareStatement("INSERT INTO sjdbc_unit_lock (group_name, unit, move_id) VALUES (?, ?, ?)")) {
                for (String u : m.units()) {
                    String holder = lockHolder(c, m.group(), u);
                    if (holder != null) {
                        throw new SQLException("metadata store: unit " + u + " of " + m.group() + " is already moving in move "
                                + holder + "; resume or abort that move first", CONFLICT);
                    }
                    unit.setString(1, m.id());
                    unit.setString(2, u);
                    unit.addBatch();
                    lock.setString(1, m.group());
                    lock.setString(2, u);
                    lock.setString(3, m.id());
                    lock.addBatch();
                }
                unit.executeBatch();
                try {
                    lock.executeBatch();
                } catch (SQLException e) {
                    // a concurrent create took a unit between the check and the insert
                    throw new SQLException("metadata store: a unit of " + m.group() + " in " + m.units()
                            + " began moving concurrently; run shardctl moves and retry", CONFLICT, e);
                }
            }
            step(c, m.id(), m.state(), "created: " + m.kind() + " " + m.source() + " -> " + m.target());
        });
    }

    private static String lockHolder(Connection c, String group, String unit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT move_id FROM sjdbc_unit_lock WHERE group_name = ? AND unit = ?")) {
            ps.setString(1, group);
            ps.setString(2, unit);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The move, if it exists. */
    public Optional<Move> get(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Move> found = read(c, " WHERE move_id = ?", id);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Every move, oldest first. */
    public List<Move> list() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return read(c, " ORDER BY created_at, move_id", null);
        }
    }

    private static List<Move> read(Connection c, String where, String id) throws SQLException {
        List<Move> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT move_id, group_name, kind, source_shard, target_shard, state, "
                + "checkpoint, capture, rows_copied, rows_estimated, options, error, lease_owner, lease_expires_ms FROM sjdbc_move" + where)) {
            if (id != null) ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long expires = rs.getLong(14);
                    Long lease = rs.wasNull() ? null : expires;
                    out.add(new Move(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), List.of(), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), lease));
                }
            }
        }
        List<Move> withUnits = new ArrayList<>(out.size());
        try (PreparedStatement ps = c.prepareStatement("SELECT unit FROM sjdbc_move_unit WHERE move_id = ?")) {
            for (Move m : out) {
                List<String> units = new ArrayList<>();
                ps.setString(1, m.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) units.add(rs.getString(1));
                }
                withUnits.add(new Move(m.id(), m.group(), m.kind(), m.source(), m.target(), m.state(), units, m.checkpoint(),
                        m.capture(), m.rowsCopied(), m.rowsEstimated(), m.options(), m.error(), m.leaseOwner(), m.leaseExpiresMs()));
            }
        }
        return withUnits;
    }

    /** The move's history, in order. */
    public List<Step> steps(String id) throws SQLException {
        List<Step> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, state, detail, happened_at FROM sjdbc_move_step "
                     + "WHERE move_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Step(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
            }
        }
        return out;
    }

    /**
     * Takes the move's lease for {@code owner} until {@code expiresMs} (epoch milliseconds): succeeds when
     * nobody holds it, {@code owner} holds it, it expired at {@code nowMs}, or its holder is
     * {@code deadOwner} (a process known to have died). Returns whether the lease is now {@code owner}'s.
     */
    public boolean acquire(String id, String owner, long nowMs, long expiresMs, String deadOwner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sjdbc_move SET lease_owner = ?, lease_expires_ms = ? WHERE move_id = ? "
                     + "AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_ms < ? OR lease_owner = ?)")) {
            return bind(ps, owner, expiresMs, id, owner, nowMs, deadOwner == null ? "" : deadOwner).executeUpdate() == 1;
        }
    }

    /** Gives the lease up (a no-op unless {@code owner} holds it). */
    public void release(String id, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sjdbc_move SET lease_owner = NULL, lease_expires_ms = NULL "
                     + "WHERE move_id = ? AND lease_owner = ?")) {
            ps.setString(1, id);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }

    /**
     * Records progress of a move whose lease {@code owner} holds (extending it to {@code expiresMs}):
     * the checkpoint, the capture position and the rows copied; state and a history step when
     * {@code step} is not null. Fails with {@value #CONFLICT} when the lease is no longer {@code owner}'s.
     */
    public void advance(String id, String owner, long expiresMs, String state, String checkpoint, String capture,
                        long rowsCopied, String step) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sjdbc_move SET state = ?, checkpoint = ?, capture = ?, "
                    + "rows_copied = ?, lease_expires_ms = ?, updated_at = CURRENT_TIMESTAMP WHERE move_id = ? AND lease_owner = ?")) {
                if (bind(ps, state, checkpoint, capture, rowsCopied, expiresMs, id, owner).executeUpdate() != 1) {
                    throw lostLease(id, owner);
                }
            }
            if (step != null) step(c, id, state, step);
        });
    }

    /**
     * Ends a move whose lease {@code owner} holds: its final state (and error, if any) is recorded, its
     * units are unlocked and the lease released, in one transaction.
     */
    public void finish(String id, String owner, String state, String error) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sjdbc_move SET state = ?, error = ?, lease_owner = NULL, "
                    + "lease_expires_ms = NULL, updated_at = CURRENT_TIMESTAMP WHERE move_id = ? AND lease_owner = ?")) {
                ps.setString(1, state);
                ps.setString(2, error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error);
                ps.setString(3, id);
                ps.setString(4, owner);
                if (ps.executeUpdate() != 1) throw lostLease(id, owner);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sjdbc_unit_lock WHERE move_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            step(c, id, state, error);
        });
    }

    /** Records a failure of a running move (its state stays, so it can be resumed or aborted). */
    public void failed(String id, String owner, String error) throws SQLException {
        inTransaction(c -> {
            String state;
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM sjdbc_move WHERE move_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    state = rs.next() ? rs.getString(1) : "?";
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sjdbc_move SET error = ?, lease_owner = NULL, "
                    + "lease_expires_ms = NULL, updated_at = CURRENT_TIMESTAMP WHERE move_id = ? AND lease_owner = ?")) {
                ps.setString(1, error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error);
                ps.setString(2, id);
                ps.setString(3, owner);
                ps.executeUpdate();
            }
            step(c, id, state, "failed: " + error);
        });
    }

    /** Binds the parameters in order (a null as a text NULL: every nullable parameter here is text). */
    private static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) ps.setNull(i + 1, Types.VARCHAR);
            else ps.setObject(i + 1, values[i]);
        }
        return ps;
    }

    /** Work inside one transaction of the store's database. */
    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static SQLException lostLease(String id, String owner) {
        return new SQLException("metadata store: move " + id + " is no longer leased to " + owner
                + " (another shardctl took it over); this process stops", CONFLICT);
    }

    private static void step(Connection c, String id, String state, String detail) throws SQLException {
        int seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM sjdbc_move_step WHERE move_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sjdbc_move_step (move_id, seq, state, detail, happened_at) "
                + "VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, id);
            ps.setInt(2, seq);
            ps.setString(3, state);
            ps.setString(4, detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail);
            ps.executeUpdate();
        }
    }
}
