package io.shardjdbc.benchmarks.workload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The eight sysbench-like workloads. Each client thread opens its own {@link Op} on its own
 * connection: statements are prepared once and executed many times (autocommit). Every column of
 * every row is read with {@code getString}, for every target alike.
 *
 * <p>The data never drifts: UPDATE writes a row's own k value back, and insert+delete leaves no row
 * behind, so the sampled results stay comparable between targets whatever ran before.
 * Uses only {@code java.sql}: the peer's JVM loads this class without shard-jdbc on its classpath.
 */
enum Workloads {
    POINT_SELECT("point_select", "point select by id"),
    UPDATE_K("update_k", "update k by id"),
    INSERT_DELETE("insert_delete", "insert + delete of a fresh id"),
    IN_LIST_10("in_list_10", "IN list of 10 ids (across shards)"),
    ID_RANGE_100("id_range_100", "id range of 100, ORDER BY id"),
    SCATTER_AGG("scatter_agg", "COUNT/SUM over a k range (scatter)"),
    SCATTER_TOPK("scatter_topk", "ORDER BY k DESC LIMIT 10 (scatter)"),
    DEEP_PAGE("deep_page", "ORDER BY id LIMIT 20 OFFSET 10000");

    /** Rows in sbtest (ids 1..ROWS). */
    static final int ROWS = 200_000;
    /** k = id * K_MUL mod K_MOD: a prime modulus, so k is distinct per row and ORDER BY k has no ties. */
    static final long K_MUL = 7919, K_MOD = 200_003;
    static final int AGG_K_WIDTH = 200;

    static final String POINT = "SELECT c FROM sbtest WHERE id = ?";
    static final String UPDATE = "UPDATE sbtest SET k = ? WHERE id = ?";
    static final String INSERT = "INSERT INTO sbtest (id, k, c, pad) VALUES (?, ?, ?, ?)";
    static final String DELETE = "DELETE FROM sbtest WHERE id = ?";
    static final String READ_ROW = "SELECT id, k, c, pad FROM sbtest WHERE id = ?";
    static final String READ_K = "SELECT k FROM sbtest WHERE id = ?";
    static final String IN_10 = "SELECT id, k, c FROM sbtest WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String RANGE = "SELECT id, k, c FROM sbtest WHERE id BETWEEN ? AND ? ORDER BY id";
    static final String AGG = "SELECT COUNT(*), SUM(k) FROM sbtest WHERE k BETWEEN ? AND ?";
    static final String TOPK = "SELECT id, k, c FROM sbtest WHERE k <= ? ORDER BY k DESC LIMIT 10";
    static final String PAGE = "SELECT id, k, c FROM sbtest ORDER BY id LIMIT 20 OFFSET 10000";

    final String id;
    final String title;

    Workloads(String id, String title) {
        this.id = id;
        this.title = title;
    }

    static Workloads byId(String id) {
        for (Workloads w : values()) if (w.id.equals(id)) return w;
        throw new IllegalArgumentException("unknown workload " + id);
    }

    static long k(long id) { return id * K_MUL % K_MOD; }

    /** Fresh ids for insert+delete: never in 1..ROWS; one block per target, one id per operation. */
    static AtomicLong freshIds(int targetIndex) {
        return new AtomicLong(1_000_000_000L + targetIndex * 100_000_000L);
    }

    String[] statements() {
        return switch (this) {
            case POINT_SELECT -> new String[] {POINT};
            case UPDATE_K -> new String[] {UPDATE, READ_K};
            case INSERT_DELETE -> new String[] {INSERT, DELETE, READ_ROW};
            case IN_LIST_10 -> new String[] {IN_10};
            case ID_RANGE_100 -> new String[] {RANGE};
            case SCATTER_AGG -> new String[] {AGG};
            case SCATTER_TOPK -> new String[] {TOPK};
            case DEEP_PAGE -> new String[] {PAGE};
        };
    }

    Op open(Connection c, AtomicLong fresh) throws SQLException {
        String[] sql = statements();
        PreparedStatement[] ps = new PreparedStatement[sql.length];
        for (int i = 0; i < sql.length; i++) ps[i] = c.prepareStatement(sql[i]);
        return new Op(this, ps, fresh);
    }

    static long randomId(SplittableRandom r) { return 1 + r.nextInt(ROWS); }

    /** One client thread's prepared statements for one workload. */
    static final class Op implements AutoCloseable {
        private final Workloads w;
        private final PreparedStatement[] ps;
        private final AtomicLong fresh;
        long sink;

        Op(Workloads w, PreparedStatement[] ps, AtomicLong fresh) {
            this.w = w;
            this.ps = ps;
            this.fresh = fresh;
        }

        /** One timed operation. */
        void run(SplittableRandom r) throws SQLException {
            switch (w) {
                case INSERT_DELETE -> {
                    long id = fresh.incrementAndGet();
                    insert(id);
                    ps[1].setLong(1, id);
                    sink += ps[1].executeUpdate();
                }
                case UPDATE_K -> {
                    bind(r);
                    sink += ps[0].executeUpdate();
                }
                default -> {
                    bind(r);
                    try (ResultSet rs = ps[0].executeQuery()) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) for (int i = 1; i <= n; i++) {
                            String s = rs.getString(i);
                            sink += s == null ? 0 : s.length();
                        }
                    }
                }
            }
        }

        /** One sampled operation, its result as canonical text; {@code sampleIndex} picks fixed fresh ids. */
        String sample(SplittableRandom r, int sampleIndex) throws SQLException {
            StringBuilder out = new StringBuilder();
            switch (w) {
                case INSERT_DELETE -> {
                    long id = 1_900_000_000L + sampleIndex;
                    out.append("insert=").append(insert(id)).append('\n');
                    out.append(rows(ps[2], id, false));
                    ps[1].setLong(1, id);
                    out.append("delete=").append(ps[1].executeUpdate()).append('\n');
                    out.append(rows(ps[2], id, false));
                }
                case UPDATE_K -> {
                    long id = bind(r);
                    out.append("update=").append(ps[0].executeUpdate()).append('\n');
                    out.append(rows(ps[1], id, false));
                }
                default -> {
                    bind(r);
                    out.append(rows(ps[0], null, w == IN_LIST_10));
                }
            }
            return out.toString();
        }

        private int insert(long id) throws SQLException {
            PreparedStatement p = ps[0];
            p.setLong(1, id);
            p.setInt(2, -1);
            p.setString(3, "fresh-" + id);
            p.setString(4, "pad");
            return p.executeUpdate();
        }

        /** Binds the parameters of the workload's main statement; returns the id where there is one. */
        private long bind(SplittableRandom r) throws SQLException {
            PreparedStatement p = ps[0];
            switch (w) {
                case POINT_SELECT -> {
                    long id = randomId(r);
                    p.setLong(1, id);
                    return id;
                }
                case UPDATE_K -> {
                    long id = randomId(r);
                    p.setInt(1, (int) k(id));
                    p.setLong(2, id);
                    return id;
                }
                case IN_LIST_10 -> {
                    for (int i = 1; i <= 10; i++) p.setLong(i, randomId(r));
                }
                case ID_RANGE_100 -> {
                    long lo = 1 + r.nextInt(ROWS - 99);
                    p.setLong(1, lo);
                    p.setLong(2, lo + 99);
                }
                case SCATTER_AGG -> {
                    int lo = r.nextInt((int) K_MOD - AGG_K_WIDTH);
                    p.setInt(1, lo);
                    p.setInt(2, lo + AGG_K_WIDTH - 1);
                }
                case SCATTER_TOPK -> p.setInt(1, 1_000 + r.nextInt((int) K_MOD - 1_000));
                default -> { }
            }
            return 0;
        }

        private static String rows(PreparedStatement p, Long id, boolean unordered) throws SQLException {
            if (id != null) p.setLong(1, id);
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= n; i++) line.append(i > 1 ? "|" : "").append(rs.getString(i));
                    lines.add(line.toString());
                }
            }
            if (unordered) Collections.sort(lines);
            return lines.isEmpty() ? "(no rows)\n" : String.join("\n", lines) + "\n";
        }

        @Override
        public void close() {
            for (PreparedStatement p : ps) {
                try {
                    p.close();
                } catch (SQLException ignored) {
                    // closing after the run; nothing to report
                }
            }
        }
    }
}
