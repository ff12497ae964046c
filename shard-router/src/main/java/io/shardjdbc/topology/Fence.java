package io.shardjdbc.topology;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.RangeBounds;
import io.shardjdbc.strategy.RangePlacement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fence that freezes a moving unit on its source shard, inside the source database itself, so
 * that nothing — a driver with a stale topology, a batch job, a person at {@code psql} — writes rows
 * of the unit there once a move has frozen it. Shared by the move engine (which installs it) and the
 * driver (which recognises its refusal and retries on the new topology).
 *
 * <p>The fence is a table {@value #TABLE} {@code (tbl, unit, move_id)} in the shard's database and
 * a row trigger on each moved table that computes the row's unit in SQL — for a hash table its bucket
 * (the stable hash or {@code function: mod}, as the README gives it), for a directory table its key's
 * text, for a geo table its region — and refuses the INSERT, UPDATE or DELETE of a row whose unit (old or new) has a fence row,
 * with SQLState {@value #SQLSTATE} and a message starting {@value #MESSAGE_PREFIX} that names the
 * table, the unit and the move. Fence rows stay after the flip (a stale driver must still be refused)
 * and are removed when a unit moves back onto the shard. The move engine's own sessions write
 * through the fence by setting the bypass ({@link #bypass(Dialect)}).
 *
 * <p>Once the moved rows are deleted from the source, an UPDATE or DELETE of them matches no row
 * there and no row trigger fires. So the flip writes the topology version that placed the unit
 * elsewhere into its fence rows ({@code version}, null until then), and a driver whose write changed
 * no row on a shard asks that shard whether units left it at a version newer than the one the write
 * was routed by ({@link #movedAwayQuery}): then the write went to the wrong shard and is treated
 * as refused.
 */
public final class Fence {
    /** The SQLState of a write the fence refused (the driver's {@link MoveFence#SQLSTATE}). */
    public static final String SQLSTATE = MoveFence.SQLSTATE;
    /** What every refusal's message starts with ({@link MoveFence#MESSAGE_PREFIX}). */
    public static final String MESSAGE_PREFIX = MoveFence.MESSAGE_PREFIX;
    /**
     * How long a driver that found no fence table on a shard goes without asking again
     * ({@link #hasMovedAwayTable}); the move engine lets at least this long pass between putting up a
     * fence (which creates the table) and deleting the moved rows, so no driver can still believe the
     * table absent once a write of a moved unit finds no row.
     */
    public static final long ABSENCE_RECHECK_MILLIS = 1_000;
    /** The fence table in each shard's database. */
    public static final String TABLE = "sjdbc_fence";
    /**
     * PostgreSQL: a sequence the fence advances and a one-row table holding the value it advanced to,
     * committed with the fence rows. A transaction whose snapshot predates a fence reads the fence
     * table as it was, but reads the sequence as it is now (sequences are outside MVCC): when the
     * sequence is ahead of the epoch row it sees, a fence came after it began, and its writes to a
     * fenced table are refused.
     */
    public static final String EPOCH_SEQUENCE = "sjdbc_fence_epoch";
    /** See {@link #EPOCH_SEQUENCE}. */
    public static final String EPOCH_TABLE = "sjdbc_fence_epoch_seen";

    private Fence() { }

    /** Whether a failure (or one it wraps or chains) is a write the fence refused, as the driver tells. */
    public static boolean refused(Throwable e) {
        return e instanceof SQLException s && MoveFence.refusal(s) != null;
    }

    /** How a table's rows map to units, as SQL over one of its rows. */
    public sealed interface UnitFunction {
        /** The stable hash of the key's text modulo {@code buckets}, or with {@code mod} the key's floor modulo. */
        record Bucket(boolean mod, int buckets) implements UnitFunction { }

        /** The key's own text (directory tables: a unit is one key). */
        record Key() implements UnitFunction { }

        /**
         * A range of a range table: a fence row's unit is a range {@code low .. high} ({@link RangePlacement#rangeUnit}),
         * and a row is fenced when its key, compared as {@code type}, lies in a fenced range. The trigger
         * does not depend on where the ranges are, so later splits of the table need no new trigger.
         */
        record Range(RangeBounds.Type type) implements UnitFunction { }

        /**
         * A bucket of a region of a geo table: the region owning the region column's value (the fence's
         * "key"; trimmed and upper-cased, as the driver matches it), a colon, and the bucket of the row's
         * shard key in the region's bucket map ({@code eu:17}); null for a value no region owns.
         *
         * @param regionOfValue region name by upper-case region-column value
         * @param keyOf         the shard key column of each table, by table name
         * @param buckets       how many buckets each region's map has
         */
        record Region(Map<String, String> regionOfValue, Map<String, String> keyOf, int buckets) implements UnitFunction {
            public Region {
                regionOfValue = java.util.Collections.unmodifiableMap(new TreeMap<>(regionOfValue));
                keyOf = Map.copyOf(keyOf);
            }
        }
    }

    /** The unit name of bucket {@code bucket} of region {@code region} of a geo table. */
    public static String regionUnit(String region, int bucket) {
        return region + ":" + bucket;
    }

    /** The SQL of the region owning region-column expression {@code column}'s value (null when none does). */
    public static String regionSql(Dialect dialect, String column, Map<String, String> regionOfValue) {
        StringBuilder sql = new StringBuilder("CASE " + normalisedSql(dialect, column));
        new TreeMap<>(regionOfValue).forEach((value, region) -> sql.append(" WHEN ").append(quote(value)).append(" THEN ").append(quote(region)));
        return sql.append(" END").toString();
    }

    /** A region-column expression's value as regions own it: text, trimmed, upper case. */
    public static String normalisedSql(Dialect dialect, String column) {
        return "UPPER(TRIM(CAST(" + column + " AS " + (dialect == Dialect.POSTGRESQL ? "text" : "CHAR") + ")))";
    }

    /**
     * The SQL condition that {@code key} (a column expression) lies in {@code [low, high)}, compared as
     * {@code type}: {@code low} and {@code high} are SQL expressions of the bounds' text ({@code high}
     * null: no upper bound). Strings compare by code point, as the driver compares them, whatever the
     * column's collation.
     */
    public static String inRange(Dialect dialect, RangeBounds.Type type, String key, String low, String high) {
        String sql = comparable(dialect, type, key, true) + " >= " + comparable(dialect, type, low, false);
        return high == null ? sql : sql + " AND " + below(dialect, type, key, high);
    }

    private static String below(Dialect dialect, RangeBounds.Type type, String key, String high) {
        return comparable(dialect, type, key, true) + " < " + comparable(dialect, type, high, false);
    }

    private static String comparable(Dialect dialect, RangeBounds.Type type, String expr, boolean column) {
        boolean pg = dialect == Dialect.POSTGRESQL;
        return switch (type) {
            // the column as it is (an index can serve the copy); the bound's text cast to the column's kind
            case NUMBER -> column ? expr : pg ? "CAST(" + expr + " AS numeric)" : "CAST(" + expr + " AS DECIMAL(65,30))";
            case TIMESTAMP -> column ? expr : pg ? "CAST(" + expr + " AS timestamp)" : "CAST(" + expr + " AS DATETIME(6))";
            case STRING -> pg ? "CAST(" + expr + " AS text) COLLATE \"C\"" : "CONVERT(" + expr + " USING utf8mb4) COLLATE utf8mb4_bin";
        };
    }

    /** The SQL for the unit number (hash: an integer bucket) of column expression {@code key}. */
    public static String bucketSql(Dialect dialect, String key, boolean mod, int buckets) {
        boolean pg = dialect == Dialect.POSTGRESQL;
        if (mod) return "MOD(MOD(" + key + ", " + buckets + ") + " + buckets + ", " + buckets + ")";
        return pg ? "(('x' || substr(md5(CAST(" + key + " AS text)), 1, 8))::bit(32)::bigint % " + buckets + ")"
                : "(CONV(SUBSTR(MD5(CAST(" + key + " AS CHAR)), 1, 8), 16, 10) % " + buckets + ")";
    }

    /** The SQL text of a row's unit, as stored in the fence table's {@code unit} column. */
    public static String unitSql(Dialect dialect, String key, UnitFunction f) {
        String text = dialect == Dialect.POSTGRESQL ? "text" : "CHAR";
        if (f instanceof UnitFunction.Bucket b) return "CAST(" + bucketSql(dialect, key, b.mod(), b.buckets()) + " AS " + text + ")";
        if (f instanceof UnitFunction.Region) throw new IllegalArgumentException("a region's unit needs the row's shard key too");
        return "CAST(" + key + " AS " + text + ")";
    }

    /**
     * The statements that create the fence table if it is absent, and give one created before fence
     * rows carried the flip's version its {@code version} column.
     */
    public static List<String> createTable(Dialect dialect) {
        String exact = dialect == Dialect.MYSQL ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : "";
        return List.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (tbl VARCHAR(128)" + exact + " NOT NULL, unit VARCHAR(512)" + exact
                        + " NOT NULL, move_id VARCHAR(64) NOT NULL, version BIGINT, PRIMARY KEY (tbl, unit))",
                "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS version BIGINT");
    }

    /**
     * The statement that records the topology version that placed a move's units on its target in
     * the move's fence rows on the source (parameters: the version, the move's id).
     */
    public static String markMoved() {
        return "UPDATE " + TABLE + " SET version = ? WHERE move_id = ?";
    }

    /**
     * A query whose one row says whether the shard has a fence table whose rows record the flip's
     * version ({@code 1}) or not ({@code 0}); it does not fail when there is none, so it can run
     * inside a transaction.
     */
    public static String hasMovedAwayTable(Dialect dialect) {
        if (dialect == Dialect.POSTGRESQL) {
            return "SELECT COUNT(*) FROM pg_attribute WHERE attrelid = to_regclass('" + TABLE + "') AND attname = 'version' AND NOT attisdropped";
        }
        return "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '" + TABLE
                + "' AND column_name = 'version'";
    }

    /**
     * The query a driver runs on a shard after a write there changed no row (parameter: the topology
     * version the write was routed by): the table, unit, move and version of a unit that left the
     * shard at a newer version, if any. Only where {@link #hasMovedAwayTable} found the table.
     */
    public static String movedAwayQuery() {
        return "SELECT tbl, unit, move_id, version FROM " + TABLE + " WHERE version > ? ORDER BY version DESC LIMIT 1";
    }

    /** The session setting that lets the move engine's own connection write through the fence. */
    public static String bypass(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "SET sjdbc.fence_bypass = 'on'" : "SET @sjdbc_fence_bypass = 1";
    }

    /**
     * The statements that put the fence trigger on {@code table} (key column {@code key}); running them
     * again replaces the trigger. The table and column names must be plain identifiers.
     */
    public static List<String> install(Dialect dialect, String table, String key, UnitFunction f) {
        String t = identifier(table);
        String k = identifier(key);
        if (dialect == Dialect.POSTGRESQL) {
            String fn = "sjdbc_fence_" + t;
            String body = "CREATE OR REPLACE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $sjdbc$\n"
                    + "DECLARE u VARCHAR; m VARCHAR;\n"
                    + "BEGIN\n"
                    + "  IF current_setting('sjdbc.fence_bypass', true) = 'on' THEN\n"
                    + "    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;\n"
                    + "  END IF;\n"
                    // the sequence is read outside the transaction's snapshot, the epoch row inside it
                    + "  IF (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + EPOCH_SEQUENCE + ")\n"
                    + "      > (SELECT epoch FROM " + EPOCH_TABLE + " WHERE id = 1) THEN\n"
                    + "    RAISE EXCEPTION '" + MESSAGE_PREFIX + " table %, a unit was frozen after this transaction began; "
                    + "retry on the new topology', '" + t + "' USING ERRCODE = '" + SQLSTATE + "';\n"
                    + "  END IF;\n"
                    + "  IF TG_OP <> 'INSERT' THEN\n" + pgCheck(t, rowUnitSql(dialect, "OLD.", t, k, f), fenced(dialect, "OLD." + k, f))
                    + "  END IF;\n"
                    + "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
                    + pgCheck(t, rowUnitSql(dialect, "NEW.", t, k, f), fenced(dialect, "NEW." + k, f))
                    + "  RETURN NEW;\n"
                    + "END $sjdbc$";
            List<String> out = new java.util.ArrayList<>(createTable(dialect));
            out.addAll(List.of("CREATE SEQUENCE IF NOT EXISTS " + EPOCH_SEQUENCE,
                    "CREATE TABLE IF NOT EXISTS " + EPOCH_TABLE + " (id INT PRIMARY KEY, epoch BIGINT NOT NULL)",
                    "INSERT INTO " + EPOCH_TABLE + " VALUES (1, 0) ON CONFLICT (id) DO NOTHING", body,
                    "DROP TRIGGER IF EXISTS sjdbc_fence ON " + t,
                    "CREATE TRIGGER sjdbc_fence BEFORE INSERT OR UPDATE OR DELETE ON " + t
                            + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()"));
            return out;
        }
        if (dialect != Dialect.MYSQL) throw new IllegalArgumentException("the fence runs on PostgreSQL and MySQL/MariaDB, not " + dialect);
        List<String> out = new java.util.ArrayList<>(createTable(dialect));
        for (String op : List.of("INSERT", "UPDATE", "DELETE")) {
            String name = triggerName(t, op);
            StringBuilder body = new StringBuilder("CREATE TRIGGER " + name + " BEFORE " + op + " ON " + t
                    + " FOR EACH ROW BEGIN\n  DECLARE m VARCHAR(64) DEFAULT NULL;\n  DECLARE u VARCHAR(512) DEFAULT NULL;\n"
                    + "  DECLARE msg VARCHAR(512) DEFAULT NULL;\n"
                    + "  IF COALESCE(@sjdbc_fence_bypass, 0) <> 1 THEN\n");
            if (!op.equals("INSERT")) body.append(myCheck(t, rowUnitSql(dialect, "OLD.", t, k, f), fenced(dialect, "OLD." + k, f)));
            if (!op.equals("DELETE")) body.append(myCheck(t, rowUnitSql(dialect, "NEW.", t, k, f), fenced(dialect, "NEW." + k, f)));
            body.append("  END IF;\nEND");
            out.add("DROP TRIGGER IF EXISTS " + name);
            out.add(body.toString());
        }
        return out;
    }

    /**
     * The statement the fence runs in its own transaction on PostgreSQL (with the fence rows): it moves
     * the epoch on, so that transactions older than the fence are refused too ({@link #EPOCH_SEQUENCE}).
     */
    public static String advanceEpoch() {
        return "UPDATE " + EPOCH_TABLE + " SET epoch = nextval('" + EPOCH_SEQUENCE + "') WHERE id = 1";
    }

    /** The statements that take the fence trigger off {@code table} (its fence rows are the caller's). */
    public static List<String> uninstall(Dialect dialect, String table) {
        String t = identifier(table);
        if (dialect == Dialect.POSTGRESQL) {
            return List.of("DROP TRIGGER IF EXISTS sjdbc_fence ON " + t, "DROP FUNCTION IF EXISTS sjdbc_fence_" + t + "()");
        }
        return List.of("DROP TRIGGER IF EXISTS " + triggerName(t, "INSERT"), "DROP TRIGGER IF EXISTS " + triggerName(t, "UPDATE"),
                "DROP TRIGGER IF EXISTS " + triggerName(t, "DELETE"));
    }

    private static String triggerName(String table, String op) {
        return "sjdbc_fence_" + op.substring(0, 3).toLowerCase(Locale.ROOT) + "_" + table;
    }

    /** The unit of the trigger's row {@code row} ({@code OLD.} or {@code NEW.}) of {@code table}, whose unit column is {@code key}. */
    private static String rowUnitSql(Dialect dialect, String row, String table, String key, UnitFunction f) {
        if (!(f instanceof UnitFunction.Region r)) return unitSql(dialect, row + key, f);
        String shardKey = r.keyOf().get(table);
        if (shardKey == null) throw new IllegalArgumentException("the fence of a region has no shard key for table " + table);
        String bucket = unitSql(dialect, row + identifier(shardKey), new UnitFunction.Bucket(false, r.buckets()));
        String region = regionSql(dialect, row + key, r.regionOfValue());
        return dialect == Dialect.POSTGRESQL ? region + " || ':' || " + bucket : "CONCAT(" + region + ", ':', " + bucket + ")";
    }

    /** The condition on a fence row ({@code unit}) that it fences the row whose unit is {@code u} and key {@code key}. */
    private static String fenced(Dialect dialect, String key, UnitFunction f) {
        if (!(f instanceof UnitFunction.Range r)) return "unit = u";
        boolean pg = dialect == Dialect.POSTGRESQL;
        String low = pg ? "split_part(unit, '" + RangePlacement.RANGE_SEPARATOR + "', 1)" : "SUBSTRING_INDEX(unit, '" + RangePlacement.RANGE_SEPARATOR + "', 1)";
        String high = pg ? "NULLIF(split_part(unit, '" + RangePlacement.RANGE_SEPARATOR + "', 2), '')"
                : "NULLIF(SUBSTRING_INDEX(unit, '" + RangePlacement.RANGE_SEPARATOR + "', -1), '')";
        return inRange(dialect, r.type(), key, low, null) + " AND (" + high + " IS NULL OR " + below(dialect, r.type(), key, high) + ")";
    }

    private static String pgCheck(String table, String unit, String fenced) {
        return "    u := " + unit + ";\n"
                + "    m := (SELECT move_id FROM " + TABLE + " WHERE tbl = '" + table + "' AND " + fenced + " LIMIT 1);\n"
                + "    IF m IS NOT NULL THEN\n"
                + "      RAISE EXCEPTION '" + MESSAGE_PREFIX + " table %, unit % frozen by move %; retry on the new topology', '" + table + "', u, m USING ERRCODE = '" + SQLSTATE + "';\n"
                + "    END IF;\n";
    }

    private static String myCheck(String table, String unit, String fenced) {
        return "    SET u = " + unit + ";\n"
                + "    SET m = (SELECT move_id FROM " + TABLE + " WHERE tbl = '" + table + "' AND " + fenced + " LIMIT 1);\n"
                + "    IF m IS NOT NULL THEN\n"
                + "      SET msg = CONCAT('" + MESSAGE_PREFIX + " table " + table + ", unit ', u, "
                + "' frozen by move ', m, '; retry on the new topology');\n"
                + "      SIGNAL SQLSTATE '" + SQLSTATE + "' SET MESSAGE_TEXT = msg;\n"
                + "    END IF;\n";
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A plain lower-case identifier, as the config's table and column names are used in SQL. */
    static String identifier(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.matches("[a-z_][a-z0-9_$]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a plain identifier; the fence needs one");
        }
        return n;
    }
}
