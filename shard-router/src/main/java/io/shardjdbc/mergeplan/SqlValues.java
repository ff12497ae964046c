package io.shardjdbc.mergeplan;

import io.shardjdbc.config.Dialect;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.SQLDataException;
import java.sql.SQLException;

/**
 * SQL value semantics the merge needs in Java: ordering, grouping equality, and arithmetic with each
 * dialect's rules for types and division, so merged results match what one database would return.
 */
public final class SqlValues {
    private static final int PG_MIN_SIG_DIGITS = 16;
    private static final int MYSQL_DIV_PRECISION_INCREMENT = 4;

    private SqlValues() { }

    /**
     * Orders two non-NULL values of one column. Strings with their collation weight compare by it
     * (MySQL/MariaDB); plain strings by code point, which is the order of PostgreSQL's C and
     * C.UTF-8 collations (and of UTF-8 bytes) — not Java's UTF-16 order, which differs past U+FFFF.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) return Long.compare(x, y);
        if (a instanceof CollatedString x && b instanceof CollatedString y) return x.compareTo(y);
        if (a instanceof CollatedString || b instanceof CollatedString) {
            throw new IllegalArgumentException("a string with its collation weight cannot be compared with " + (a instanceof CollatedString ? b : a));
        }
        if (a instanceof String x && b instanceof String y) return compareCodePoints(x, y);
        if (a instanceof Integer x && b instanceof Integer y) return Integer.compare(x, y);
        if (a instanceof Number x && b instanceof Number y) {
            if (isFloating(x) || isFloating(y)) return Double.compare(x.doubleValue(), y.doubleValue());
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof byte[] x && b instanceof byte[] y) return java.util.Arrays.compareUnsigned(x, y);
        if (a instanceof Comparable c && a.getClass().isInstance(b)) return c.compareTo(b);
        return a.toString().compareTo(b.toString());
    }

    /** Code point order of two strings (UTF-16 order differs for supplementary characters). */
    public static int compareCodePoints(String x, String y) {
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            char c = x.charAt(i), d = y.charAt(i);
            if (c == d) continue;
            if (Character.isSurrogate(c) || Character.isSurrogate(d)) {
                return Integer.compare(x.codePointAt(i), y.codePointAt(i));
            }
            return Character.compare(c, d);
        }
        return Integer.compare(x.length(), y.length());
    }

    /** A value normalised so that equal SQL values are equal Java keys (5, 5L and 5.0 are one group). */
    public static Object groupKey(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigDecimal d) {
            BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            if (s.scale() <= 0 && s.precision() - s.scale() < 19) return s.longValueExact();
            return s;
        }
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof byte[] b) return ByteBuffer.wrap(b);
        return v;
    }

    /** The sum of two partial values of one column (neither NULL), keeping the column's type where it fits. */
    public static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            long r = x + y;
            if (((x ^ r) & (y ^ r)) < 0) return BigDecimal.valueOf(x).add(BigDecimal.valueOf(y));
            return r;
        }
        if (a instanceof Integer x && b instanceof Integer y) return (long) x + y;
        if (a instanceof Number x && b instanceof Number y) {
            if (isFloating(x) || isFloating(y)) return x.doubleValue() + y.doubleValue();
            return decimal(x).add(decimal(y));
        }
        throw new IllegalArgumentException("cannot add " + a.getClass().getSimpleName() + " and " + b.getClass().getSimpleName());
    }

    /**
     * {@code a op b} for + - * / % with the dialect's rules; NULL in, NULL out. Integers keep the
     * database's integer type: PostgreSQL computes int4 op int4 as int4 and with an int8 as int8,
     * MySQL computes integer arithmetic in BIGINT; a result out of the type's range is an error
     * there, and here.
     */
    public static Object arithmetic(char op, Object a, Object b, Dialect dialect) throws SQLException {
        if (a == null || b == null) return null;
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            throw new SQLDataException("cannot compute " + a + " " + op + " " + b + " in a cross-shard merge", "22023");
        }
        boolean integral = isIntegral(x) && isIntegral(y);
        if (isFloating(x) || isFloating(y)) {
            double p = x.doubleValue(), q = y.doubleValue();
            return switch (op) {
                case '+' -> p + q;
                case '-' -> p - q;
                case '*' -> p * q;
                case '/' -> divisionByZero(q == 0, dialect) ? null : p / q;
                default -> divisionByZero(q == 0, dialect) ? null : p % q;
            };
        }
        BigDecimal p = decimal(x), q = decimal(y);
        boolean int4 = integral && dialect != Dialect.MYSQL && isInt4(x) && isInt4(y);
        switch (op) {
            case '+': return integral ? integer(p.add(q), int4) : p.add(q);
            case '-': return integral ? integer(p.subtract(q), int4) : p.subtract(q);
            case '*': return integral ? integer(p.multiply(q), int4) : p.multiply(q);
            case '%':
                if (divisionByZero(q.signum() == 0, dialect)) return null;
                return integral ? integer(p.remainder(q), int4) : p.remainder(q);
            default:
                if (divisionByZero(q.signum() == 0, dialect)) return null;
                if (dialect == Dialect.MYSQL) {
                    return p.divide(q, Math.max(p.scale(), 0) + MYSQL_DIV_PRECISION_INCREMENT, RoundingMode.HALF_UP);
                }
                if (integral) return integer(p.divide(q, 0, RoundingMode.DOWN), int4);
                return pgDivide(p, q);
        }
    }

    /** {@code -v}, keeping the type (PostgreSQL int4 stays int4; MySQL integers are BIGINT). */
    public static Object negate(Object v, Dialect dialect) throws SQLException {
        if (v == null) return null;
        if (v instanceof Double d) return -d;
        if (v instanceof Float f) return -f;
        if (!(v instanceof Number n)) throw new SQLDataException("cannot negate " + v + " in a cross-shard merge", "22023");
        BigDecimal d = decimal(n);
        if (!isIntegral(n)) return d.negate();
        return integer(d.negate(), dialect != Dialect.MYSQL && isInt4(n));
    }

    private static boolean isInt4(Number n) {
        return n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static Object integer(BigDecimal d, boolean int4) throws SQLException {
        if (int4) {
            if (d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0 || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new SQLDataException("integer out of range", "22003");
            }
            return d.intValueExact();
        }
        if (d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new SQLDataException("bigint out of range", "22003");
        }
        return d.longValueExact();
    }

    /** AVG from a folded SUM and COUNT, typed as the dialect types AVG. */
    public static Object average(Object sum, Object count, Dialect dialect) throws SQLException {
        if (sum == null || count == null || decimal((Number) count).signum() == 0) return null;
        Number s = (Number) sum, c = (Number) count;
        if (isFloating(s)) return s.doubleValue() / c.doubleValue();
        BigDecimal p = decimal(s), q = decimal(c);
        if (dialect == Dialect.MYSQL) return p.divide(q, p.scale() + MYSQL_DIV_PRECISION_INCREMENT, RoundingMode.HALF_UP);
        return pgDivide(p, q);
    }

    /**
     * PostgreSQL's numeric division: the result scale gives at least 16 significant digits and no
     * less than either input's scale (its documented select_div_scale rule), rounded half away from zero.
     */
    static BigDecimal pgDivide(BigDecimal a, BigDecimal b) {
        int[] wa = pgWeight(a), wb = pgWeight(b);
        int qweight = wa[0] - wb[0];
        if (wa[1] <= wb[1]) qweight--;
        int rscale = PG_MIN_SIG_DIGITS - qweight * 4;
        rscale = Math.max(rscale, Math.max(a.scale(), 0));
        rscale = Math.max(rscale, Math.max(b.scale(), 0));
        rscale = Math.min(Math.max(rscale, 0), 1000);
        return a.divide(b, rscale, RoundingMode.HALF_UP);
    }

    /** {weight, first digit} of a value in PostgreSQL's base-10000 representation. */
    private static int[] pgWeight(BigDecimal v) {
        BigDecimal x = v.abs();
        if (x.signum() == 0) return new int[] {0, 0};
        int intDigits = x.precision() - x.scale(); // digits before the point (<= 0 for values below 1)
        int weight = intDigits > 0 ? (intDigits - 1) / 4 : -((-intDigits) / 4) - 1;
        int first = x.movePointLeft(weight * 4).setScale(0, RoundingMode.DOWN).intValue();
        return new int[] {weight, first};
    }

    private static boolean divisionByZero(boolean zero, Dialect dialect) throws SQLException {
        if (!zero) return false;
        if (dialect == Dialect.MYSQL) return true; // MySQL: x / 0 is NULL
        throw new SQLDataException("division by zero", "22012");
    }

    static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
    }

    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) return d;
        if (n instanceof BigInteger b) return new BigDecimal(b);
        if (isIntegral(n)) return BigDecimal.valueOf(n.longValue());
        return new BigDecimal(n.toString());
    }
}
