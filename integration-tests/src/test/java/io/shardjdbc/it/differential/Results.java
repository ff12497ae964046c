package io.shardjdbc.it.differential;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a query on a connection and compares two results. Values are compared with the types the
 * database returns: the same Java class on both sides, numbers of one class by value (a BigDecimal's
 * scale aside), and strings exactly — except where the SQL shows one value for a set the column's
 * collation holds equal (group keys, DISTINCT, MIN/MAX) or where ORDER BY ties are compared: there
 * strings compare by the collation, as the database itself computes it ({@link Collation}).
 */
final class Results {
    /** A result: column labels, column types and rows. */
    record Result(List<String> labels, List<Integer> types, List<List<Object>> rows) { }

    private Results() { }

    static Result run(Connection c, QueryCase q) throws SQLException {
        if (q.params().length == 0 && !q.prepared()) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q.sql())) {
                return read(rs);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.params().length; i++) {
                Object p = q.params()[i];
                if (p instanceof LocalDate d) ps.setDate(i + 1, java.sql.Date.valueOf(d));
                else ps.setObject(i + 1, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return read(rs);
            }
        }
    }

    static Result read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> labels = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            labels.add(md.getColumnLabel(i));
            types.add(md.getColumnType(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
            rows.add(row);
        }
        return new Result(labels, types, rows);
    }

    /**
     * The differences between the reference result and the driver's, empty when they agree.
     *
     * @param collation string equality of the database's collation, or null where strings compare exactly
     */
    static List<String> differences(QueryCase q, Result expected, Result actual, Collation collation) throws SQLException {
        List<String> diffs = new ArrayList<>();
        if (!expected.labels().equals(actual.labels())) {
            diffs.add("column labels: reference " + expected.labels() + ", driver " + actual.labels());
        }
        if (!expected.types().equals(actual.types())) {
            diffs.add("column types: reference " + expected.types() + ", driver " + actual.types());
        }
        if (!diffs.isEmpty()) return diffs;
        Collation rowCollation = q.representativeStrings() ? collation : null;
        List<List<Object>> e = expected.rows(), a = actual.rows();
        switch (q.order()) {
            case ROW_COUNT -> {
                if (e.size() != a.size()) diffs.add("reference " + e.size() + " rows, driver " + a.size());
            }
            case ORDERED -> {
                if (e.size() != a.size()) diffs.add("reference " + e.size() + " rows, driver " + a.size());
                for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                    if (!sameRow(e.get(i), a.get(i), rowCollation)) {
                        diffs.add("first difference at row " + i + ": reference " + show(e.get(i)) + ", driver " + show(a.get(i)));
                        break;
                    }
                }
            }
            case UNORDERED -> compareMultisets(e, a, rowCollation, diffs);
            case TIES -> {
                if (e.size() != a.size()) diffs.add("reference " + e.size() + " rows, driver " + a.size());
                for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                    if (!sameRow(keys(e.get(i), q.keys()), keys(a.get(i), q.keys()), collation)) {
                        diffs.add("ORDER BY values differ first at row " + i + ": reference " + show(e.get(i)) + ", driver " + show(a.get(i)));
                        break;
                    }
                }
                if (diffs.isEmpty()) {
                    List<List<Object>> ee = e, aa = a;
                    if (q.cut() && !e.isEmpty()) {
                        // the cut may take any rows of the first and last tie groups; all others are fixed
                        List<Object> first = keys(e.get(0), q.keys()), last = keys(e.get(e.size() - 1), q.keys());
                        ee = withoutTies(e, q.keys(), first, last, collation);
                        aa = withoutTies(a, q.keys(), first, last, collation);
                    }
                    compareMultisets(ee, aa, rowCollation, diffs);
                }
            }
        }
        return diffs;
    }

    private static List<List<Object>> withoutTies(List<List<Object>> rows, int[] keys, List<Object> first, List<Object> last,
                                                  Collation collation) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            List<Object> k = keys(r, keys);
            if (!sameRow(k, first, collation) && !sameRow(k, last, collation)) out.add(r);
        }
        return out;
    }

    private static List<Object> keys(List<Object> row, int[] keys) {
        List<Object> k = new ArrayList<>();
        for (int c : keys) k.add(row.get(c - 1));
        return k;
    }

    private static void compareMultisets(List<List<Object>> e, List<List<Object>> a, Collation collation, List<String> diffs)
            throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, List<Object>> example = new HashMap<>();
        for (List<Object> r : e) {
            String k = canonical(r, collation);
            counts.merge(k, 1, Integer::sum);
            example.putIfAbsent(k, r);
        }
        for (List<Object> r : a) {
            String k = canonical(r, collation);
            counts.merge(k, -1, Integer::sum);
            example.putIfAbsent(k, r);
        }
        List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
        for (var en : counts.entrySet()) {
            if (en.getValue() > 0) missing.add(en.getValue() + " x " + show(example.get(en.getKey())));
            if (en.getValue() < 0) extra.add(-en.getValue() + " x " + show(example.get(en.getKey())));
        }
        if (e.size() != a.size()) diffs.add("reference " + e.size() + " rows, driver " + a.size());
        if (!missing.isEmpty()) diffs.add("rows the driver misses: " + first(missing));
        if (!extra.isEmpty()) diffs.add("rows only the driver returns: " + first(extra));
    }

    private static String first(List<String> l) {
        return l.size() <= 5 ? l.toString() : l.subList(0, 5) + " and " + (l.size() - 5) + " more";
    }

    static boolean sameRow(List<Object> x, List<Object> y, Collation collation) throws SQLException {
        if (x.size() != y.size()) return false;
        for (int i = 0; i < x.size(); i++) if (!sameValue(x.get(i), y.get(i), collation)) return false;
        return true;
    }

    static boolean sameValue(Object x, Object y, Collation collation) throws SQLException {
        if (x == null || y == null) return x == y;
        if (x.getClass() != y.getClass()) return false;
        if (x instanceof BigDecimal d) return d.compareTo((BigDecimal) y) == 0;
        if (x instanceof byte[] b) return Arrays.equals(b, (byte[]) y);
        if (x instanceof String s && collation != null) return collation.key(s).equals(collation.key((String) y));
        return x.equals(y);
    }

    /** A text equal for two rows exactly when {@link #sameRow} holds. */
    private static String canonical(List<Object> row, Collation collation) throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (Object v : row) {
            if (v == null) sb.append("N|");
            else {
                sb.append(v.getClass().getSimpleName()).append(':');
                if (v instanceof BigDecimal d) sb.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
                else if (v instanceof byte[] b) sb.append(java.util.HexFormat.of().formatHex(b));
                else if (v instanceof String s && collation != null) sb.append("w").append(collation.key(s));
                else sb.append(v.toString().replace("|", "||"));
                sb.append('|');
            }
        }
        return sb.toString();
    }

    static String show(List<Object> row) {
        List<String> out = new ArrayList<>();
        for (Object v : row) {
            if (v == null) out.add("NULL");
            else if (v instanceof String s) out.add("'" + s + "'");
            else out.add(v + " (" + v.getClass().getSimpleName() + ")");
        }
        return out.toString();
    }

    /**
     * String equality of a MySQL/MariaDB collation, asked of the database: two strings are equal
     * when their collation weights are (trailing spaces do not count under the PAD SPACE collations
     * the data set's tables use).
     */
    static final class Collation {
        private final Connection connection;
        private final String collationName;
        private final Map<String, String> cache = new HashMap<>();
        private final Set<String> asked = new HashSet<>();

        Collation(Connection connection) throws SQLException {
            this.connection = connection;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")) {
                rs.next();
                this.collationName = rs.getString(1);
            }
            if (!collationName.matches("[a-z0-9_]+")) throw new IllegalStateException("collation " + collationName);
            String pad;
            try (PreparedStatement ps = connection.prepareStatement("SELECT PAD_ATTRIBUTE FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?")) {
                ps.setString(1, collationName);
                try (ResultSet rs = ps.executeQuery()) {
                    pad = rs.next() ? rs.getString(1) : "PAD SPACE";
                }
            } catch (SQLException e) {
                pad = "PAD SPACE"; // servers without the column: all their collations pad
            }
            if (!"PAD SPACE".equalsIgnoreCase(pad)) throw new IllegalStateException("the tests expect a PAD SPACE collation, not " + collationName);
        }

        synchronized String key(String s) throws SQLException {
            String k = cache.get(s);
            if (k != null) return k;
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT HEX(WEIGHT_STRING(RTRIM(CONVERT(? USING utf8mb4)) COLLATE " + collationName + "))")) {
                ps.setString(1, s);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    k = rs.getString(1);
                }
            }
            asked.add(s);
            cache.put(s, k);
            return k;
        }
    }
}
