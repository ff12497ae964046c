package io.shardjdbc.it.differential;

import io.shardjdbc.it.differential.QueryCase.Order;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random queries over one table of the {@link DataSet} at a time: filters (comparisons,
 * IN, BETWEEN, IS NULL, LIKE; literals or parameters), aggregates with and without GROUP BY,
 * HAVING, DISTINCT, ORDER BY (directions, NULLS FIRST/LAST on PostgreSQL, ties) and LIMIT/OFFSET in
 * each dialect's forms. Every query says how its result order is fixed, so it can be compared with
 * the reference. The same seed gives the same queries.
 */
final class QueryGenerator {
    enum Type { ID, INT, DEC, DBL, STR, DATE }

    record Col(String name, Type type) { }

    record Tab(String name, List<Col> cols) {
        Col id() { return cols.get(0); }
    }

    static final List<Tab> TABLES = List.of(
            new Tab("customers", List.of(new Col("customer_id", Type.ID), new Col("name", Type.STR), new Col("city", Type.STR),
                    new Col("country", Type.STR), new Col("tier", Type.INT), new Col("credit", Type.DEC), new Col("signup", Type.DATE),
                    new Col("score", Type.DBL))),
            new Tab("orders", List.of(new Col("order_id", Type.ID), new Col("customer_id", Type.INT), new Col("status", Type.STR),
                    new Col("amount", Type.DEC), new Col("qty", Type.INT), new Col("order_date", Type.DATE), new Col("channel", Type.STR))),
            new Tab("order_lines", List.of(new Col("line_id", Type.ID), new Col("order_id", Type.INT), new Col("customer_id", Type.INT),
                    new Col("sku", Type.STR), new Col("quantity", Type.INT), new Col("unit_price", Type.DEC), new Col("discount", Type.DEC))),
            new Tab("events", List.of(new Col("event_id", Type.ID), new Col("event_date", Type.DATE), new Col("kind", Type.STR),
                    new Col("customer_id", Type.INT), new Col("severity", Type.INT), new Col("payload", Type.STR))));

    private final Random r;
    private final boolean pg;

    QueryGenerator(long seed, boolean postgres) {
        this.r = new Random(seed);
        this.pg = postgres;
    }

    private <T> T pick(List<T> l) { return l.get(r.nextInt(l.size())); }

    private <T> T pick(T[] a) { return a[r.nextInt(a.length)]; }

    QueryCase next() {
        Tab t = pick(TABLES);
        List<Object> params = new ArrayList<>();
        boolean prepared = r.nextInt(4) == 0;
        String where = where(t, params, prepared);
        return switch (r.nextInt(6)) {
            case 0, 1 -> rows(t, where, params, prepared);
            case 2 -> aggregates(t, where, params, prepared);
            case 3, 4 -> grouped(t, where, params, prepared);
            default -> distinct(t, where, params, prepared);
        };
    }

    // ---- shapes ------------------------------------------------------------------------------

    private QueryCase rows(Tab t, String where, List<Object> params, boolean prepared) {
        List<Col> sortCols = someColumns(t, 1 + r.nextInt(2), false);
        boolean ties = r.nextInt(4) == 0;
        List<String> select = new ArrayList<>();
        for (Col c : sortCols) select.add(c.name());
        if (!ties || r.nextBoolean()) select.add(t.id().name());
        for (Col c : someColumns(t, r.nextInt(3), true)) if (!select.contains(c.name())) select.add(c.name());
        List<String> order = new ArrayList<>();
        for (int i = 0; i < sortCols.size(); i++) {
            // by name, by ordinal, or by an alias-free expression the select list holds
            String term = r.nextInt(4) == 0 ? String.valueOf(i + 1) : sortCols.get(i).name();
            order.add(term + direction());
        }
        if (!ties) order.add(t.id().name() + (r.nextBoolean() ? " DESC" : ""));
        String sql = "SELECT " + String.join(", ", select) + " FROM " + t.name() + where + " ORDER BY " + String.join(", ", order)
                + paging(r.nextInt(3) != 0);
        if (ties) {
            int[] keys = new int[sortCols.size()];
            for (int i = 0; i < keys.length; i++) keys[i] = i + 1;
            return new QueryCase(sql, params.toArray(), Order.TIES, keys, null, prepared);
        }
        return new QueryCase(sql, params.toArray(), Order.ORDERED, null, null, prepared);
    }

    private QueryCase aggregates(Tab t, String where, List<Object> params, boolean prepared) {
        List<String> aggs = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) aggs.add(aggregate(t));
        if (r.nextInt(4) == 0 && aggs.size() >= 2 && combinable(aggs.get(0)) && combinable(aggs.get(1))) {
            aggs.add(aggs.get(0) + " " + pick(new String[] {"+", "-", "*"}) + " " + aggs.get(1));
        }
        String sql = "SELECT " + String.join(", ", aggs) + " FROM " + t.name() + where;
        return new QueryCase(sql, params.toArray(), Order.UNORDERED, null, null, prepared);
    }

    private QueryCase grouped(Tab t, String where, List<Object> params, boolean prepared) {
        List<Col> groups = new ArrayList<>();
        for (Col c : someColumns(t, 1 + r.nextInt(2), false)) if (c.type() != Type.ID) groups.add(c);
        if (groups.isEmpty()) groups.add(t.cols().get(1));
        List<String> select = new ArrayList<>();
        for (Col c : groups) select.add(c.name());
        int n = 1 + r.nextInt(3);
        List<String> aggs = new ArrayList<>();
        for (int i = 0; i < n; i++) aggs.add(aggregate(t));
        select.addAll(aggs);
        String sql = "SELECT " + String.join(", ", select) + " FROM " + t.name() + where + " GROUP BY "
                + String.join(", ", groups.stream().map(Col::name).toList());
        if (r.nextInt(3) == 0) {
            sql += " HAVING " + switch (r.nextInt(3)) {
                case 0 -> "COUNT(*) > " + r.nextInt(20);
                case 1 -> aggs.get(0) + " IS NOT NULL";
                default -> "COUNT(*) >= 2 AND " + aggs.get(0) + " IS NOT NULL";
            };
        }
        if (r.nextBoolean()) return new QueryCase(sql, params.toArray(), Order.UNORDERED, null, null, prepared);
        // ORDER BY every group key (a group's keys are unique), maybe after an aggregate
        List<String> order = new ArrayList<>();
        if (r.nextInt(3) == 0) order.add(pick(new String[] {"COUNT(*)", aggs.get(0), String.valueOf(groups.size() + 1)}) + direction());
        for (int i = 0; i < groups.size(); i++) order.add((r.nextBoolean() ? groups.get(i).name() : String.valueOf(i + 1)) + direction());
        sql += " ORDER BY " + String.join(", ", order) + paging(r.nextBoolean());
        return new QueryCase(sql, params.toArray(), Order.ORDERED, null, null, prepared);
    }

    private QueryCase distinct(Tab t, String where, List<Object> params, boolean prepared) {
        List<Col> cols = someColumns(t, 1 + r.nextInt(2), false);
        cols.removeIf(c -> c.type() == Type.ID);
        if (cols.isEmpty()) cols.add(t.cols().get(1 + r.nextInt(t.cols().size() - 1)));
        String list = String.join(", ", cols.stream().map(Col::name).toList());
        String sql = "SELECT DISTINCT " + list + " FROM " + t.name() + where;
        if (r.nextBoolean()) return new QueryCase(sql, params.toArray(), Order.UNORDERED, null, null, prepared);
        List<String> order = new ArrayList<>();
        for (Col c : cols) order.add(c.name() + direction());
        sql += " ORDER BY " + String.join(", ", order) + paging(r.nextBoolean());
        return new QueryCase(sql, params.toArray(), Order.ORDERED, null, null, prepared);
    }

    // ---- parts -------------------------------------------------------------------------------

    /** Up to {@code n} distinct columns, at least one when {@code n > 0} (picking only the id used to leave none). */
    private List<Col> someColumns(Tab t, int n, boolean includeId) {
        List<Col> candidates = new ArrayList<>(t.cols());
        if (!includeId) candidates.removeIf(c -> c.type() == Type.ID);
        Set<Col> out = new LinkedHashSet<>();
        for (int i = 0; i < n * 3 && out.size() < n; i++) out.add(pick(candidates));
        return new ArrayList<>(out);
    }

    private String direction() {
        String d = r.nextBoolean() ? "" : " DESC";
        if (pg && r.nextInt(4) == 0) d += r.nextBoolean() ? " NULLS FIRST" : " NULLS LAST";
        return d;
    }

    private String paging(boolean on) {
        if (!on) return "";
        int limit = r.nextInt(4) == 0 ? r.nextInt(3) : 1 + r.nextInt(60);
        int offset = r.nextInt(3) == 0 ? 0 : r.nextInt(200);
        int form = r.nextInt(3);
        if (form == 1 && !pg) return " LIMIT " + offset + ", " + limit;
        if (form == 1) return " OFFSET " + offset + " ROWS FETCH NEXT " + limit + " ROWS ONLY";
        return " LIMIT " + limit + (offset > 0 || r.nextBoolean() ? " OFFSET " + offset : "");
    }

    /**
     * Numeric aggregates that arithmetic may combine; not AVG on MySQL/MariaDB, where arithmetic
     * over a quotient is refused (see the planner).
     */
    private boolean combinable(String agg) {
        return agg.startsWith("COUNT(") || agg.startsWith("SUM(") || pg && agg.startsWith("AVG(");
    }

    private String aggregate(Tab t) {
        Col c = pick(t.cols());
        boolean numeric = c.type() == Type.INT || c.type() == Type.DEC || c.type() == Type.DBL || c.type() == Type.ID;
        int k = r.nextInt(9);
        if (k == 0) return "COUNT(*)";
        if (k == 1) return "COUNT(" + c.name() + ")";
        if (k == 2) return "COUNT(DISTINCT " + c.name() + ")";
        if (k == 3) return "MIN(" + c.name() + ")";
        if (k == 4) return "MAX(" + c.name() + ")";
        if (!numeric) return "COUNT(*)";
        if (k == 5) return "AVG(" + c.name() + ")";
        if (k == 6 && c.type() != Type.DBL) return "SUM(DISTINCT " + c.name() + ")";
        return "SUM(" + c.name() + ")";
    }

    private String where(Tab t, List<Object> params, boolean prepared) {
        int n = r.nextInt(3);
        if (n == 0) return "";
        List<String> preds = new ArrayList<>();
        for (int i = 0; i < n; i++) preds.add(predicate(pick(t.cols()), params, prepared));
        return " WHERE " + String.join(r.nextInt(4) == 0 ? " OR " : " AND ", preds);
    }

    private String predicate(Col c, List<Object> params, boolean prepared) {
        int k = r.nextInt(10);
        if (k == 0) return c.name() + " IS NULL";
        if (k == 1) return c.name() + " IS NOT NULL";
        String op = pick(new String[] {"=", "<>", "<", "<=", ">", ">="});
        switch (c.type()) {
            case ID, INT -> {
                int max = switch (c.name()) {
                    case "tier", "severity" -> 5;
                    case "qty", "quantity" -> 10;
                    case "line_id" -> 3500;
                    case "order_id" -> 1800;
                    case "event_id" -> 1500;
                    default -> 310;
                };
                if (k < 4) {
                    List<String> in = new ArrayList<>();
                    for (int i = 0; i < 1 + r.nextInt(4); i++) in.add(value((long) r.nextInt(max), params, prepared));
                    return c.name() + " IN (" + String.join(", ", in) + ")";
                }
                if (k == 4) {
                    int a = r.nextInt(max);
                    return c.name() + " BETWEEN " + value((long) a, params, prepared) + " AND " + value((long) a + r.nextInt(max), params, prepared);
                }
                return c.name() + " " + op + " " + value((long) r.nextInt(max), params, prepared);
            }
            case DEC -> {
                BigDecimal v = switch (c.name()) {
                    case "discount" -> BigDecimal.valueOf(r.nextInt(7), 2);
                    case "unit_price" -> BigDecimal.valueOf(r.nextInt(50000), 3);
                    case "credit" -> BigDecimal.valueOf(r.nextInt(10000) - 3000, 2);
                    default -> BigDecimal.valueOf(r.nextInt(100000) - 10000, 2);
                };
                return c.name() + " " + pick(new String[] {"<", "<=", ">", ">="}) + " " + value(v, params, prepared);
            }
            case DBL -> {
                return c.name() + " " + pick(new String[] {"<", ">="}) + " " + (r.nextInt(40) * 0.25 - 3);
            }
            case DATE -> {
                LocalDate base = switch (c.name()) {
                    case "signup" -> LocalDate.parse("2020-01-01").plusDays(r.nextInt(1500));
                    case "order_date" -> LocalDate.parse("2023-01-01").plusDays(r.nextInt(700));
                    default -> r.nextBoolean() ? LocalDate.parse("2024-01-01").plusDays(r.nextInt(365))
                            : LocalDate.parse("2025-01-01").plusDays(r.nextInt(90));
                };
                if (k < 4) return c.name() + " BETWEEN " + date(base, params, prepared) + " AND " + date(base.plusDays(r.nextInt(120)), params, prepared);
                return c.name() + " " + pick(new String[] {"<", "<=", ">", ">="}) + " " + date(base, params, prepared);
            }
            default -> {
                String[] values = switch (c.name()) {
                    case "name" -> DataSet.NAMES;
                    case "city" -> new String[] {"Paris", "paris", "Berlin", "Zürich", "Åre"};
                    case "country" -> new String[] {"FR", "DE", "XX", "fr"};
                    case "status" -> new String[] {"new", "NEW", "paid", "shipped", "cancelled"};
                    case "channel" -> new String[] {"web", "WEB", "store", "phone"};
                    case "sku" -> DataSet.SKUS;
                    case "kind" -> DataSet.KINDS;
                    default -> new String[] {"p1", "p10", "p49"};
                };
                if (k < 4) return c.name() + " LIKE " + value(pick(new String[] {"a%", "%e%", "S%", "_o%", "p1%"}), params, prepared);
                if (k < 6) return c.name() + " IN (" + value(pick(values), params, prepared) + ", " + value(pick(values), params, prepared) + ")";
                return c.name() + " " + op + " " + value(pick(values), params, prepared);
            }
        }
    }

    private String value(Object v, List<Object> params, boolean prepared) {
        if (prepared) {
            params.add(v);
            return "?";
        }
        if (v instanceof String s) return "'" + s.replace("'", "''") + "'";
        return v.toString();
    }

    private String date(LocalDate d, List<Object> params, boolean prepared) {
        if (prepared) {
            params.add(d);
            return "?";
        }
        return "DATE '" + d + "'";
    }
}
