package io.shardjdbc.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile statements over the {@link FuzzSchema} tables: well-formed reads and
 * writes with odd key values, then mutated — truncated, with control characters, odd quoting,
 * comments and shard hints in odd places, deep nesting, huge lists, a second statement, spans
 * duplicated, dropped or swapped. The same seed gives the same statements.
 */
final class StatementFuzzer {
    private static final String[] CONTROL = {"\0", "\u0001", "\b", "\r", "\n", "\t", "\u001b", "\u2028", "\uFEFF", "\u00a0", "\uD83D\uDE00", "\uD800"};
    private static final String[] QUOTES = {"'", "\"", "`", "$$", "E'\\'", "\\", "''", "'\\''", "$x$", "\"\"", "N'", "x'"};
    private static final String[] ODD_KEYS = {"1.5", "'7'", "' 08'", "'abc'", "-0", "1e3", "99999999999999999999", "NULL",
            "1e400", "''", "0x1F", "2.0", "-3.5", "'1.5'", "TRUE", "'\\0'", "1e-400", "+4", "(5)", "CAST(6 AS BIGINT)", "?"};

    private final SplittableRandom random;
    private final boolean mysql;
    private final int shards;

    StatementFuzzer(long seed, boolean mysql, int shards) {
        this.random = new SplittableRandom(seed);
        this.mysql = mysql;
        this.shards = shards;
    }

    /** The next statement: well-formed some of the time, mutated most of the time. */
    String next() {
        String sql = base();
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations; i++) sql = mutate(sql);
        return sql;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String table() {
        return pick(FuzzSchema.SHARDED);
    }

    private String key() {
        if (random.nextInt(5) == 0) return pick(ODD_KEYS);
        return Integer.toString(random.nextInt(200) - 5);
    }

    private String text() {
        return "'" + pick("a", "b", "it''s", "x y", "", "\u00e9t\u00e9") + "'";
    }

    private String keyList(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(key());
        return sb.toString();
    }

    private String base() {
        String t = table();
        return switch (random.nextInt(14)) {
            case 0 -> "SELECT * FROM " + t + " WHERE id = " + key();
            case 1 -> "SELECT id, v FROM " + t + " WHERE id IN (" + keyList(1 + random.nextInt(8)) + ") ORDER BY id";
            case 2 -> "INSERT INTO " + t + " (id, v) VALUES (" + key() + ", " + text() + ")";
            case 3 -> {
                StringBuilder sb = new StringBuilder("INSERT INTO " + t + " (id, v) VALUES ");
                int rows = 1 + random.nextInt(6);
                for (int i = 0; i < rows; i++) sb.append(i == 0 ? "" : ", ").append("(").append(key()).append(", ").append(text()).append(")");
                yield sb.toString();
            }
            case 4 -> "UPDATE " + t + " SET v = " + text() + " WHERE id = " + key();
            case 5 -> "DELETE FROM " + t + " WHERE id = " + key();
            case 6 -> "SELECT COUNT(*), MAX(v) FROM " + t + " WHERE id BETWEEN " + key() + " AND " + key();
            case 7 -> "SELECT a.v, b.v FROM fz_customers a JOIN fz_orders b ON a.id = b.id WHERE a.id = " + key();
            case 8 -> mysql
                    ? "INSERT INTO " + t + " (id, v) VALUES (" + key() + ", 'u') ON DUPLICATE KEY UPDATE v = " + text()
                    : "INSERT INTO " + t + " (id, v) VALUES (" + key() + ", 'u') ON CONFLICT (id) DO UPDATE SET v = " + text();
            case 9 -> "UPDATE " + t + " SET id = " + key() + " WHERE id = " + key();
            case 10 -> "/* shard: s" + random.nextInt(shards) + " */ " + pick("UPDATE " + t + " SET id = id + 1000 WHERE id = " + key(),
                    "INSERT INTO " + t + " (id, v) VALUES (" + key() + ", 'h')", "SELECT * FROM " + t + " WHERE v = 'a'",
                    "DELETE FROM " + t + " WHERE id = " + key());
            case 11 -> "SELECT v FROM " + t + " WHERE v = " + text() + " OR id = " + key() + " LIMIT " + random.nextInt(5);
            case 12 -> "SELECT * FROM fz_ref WHERE code = " + text();
            default -> "SELECT id FROM " + t + " WHERE id IN (SELECT id FROM " + t + " WHERE id = " + key() + ")";
        };
    }

    private String mutate(String sql) {
        int at = sql.isEmpty() ? 0 : random.nextInt(sql.length() + 1);
        return switch (random.nextInt(11)) {
            case 0 -> sql.substring(0, at); // truncated
            case 1 -> sql.substring(0, at) + pick(CONTROL) + sql.substring(at);
            case 2 -> atTokenBoundary(sql, pick("/* x */", "-- x\n", "/* shard: s" + random.nextInt(shards) + " */",
                    "/* shard: */", "/* shard: s1/s2 */", "/* shard: nosuch */", "/*", "*/", "/* /* nested */ */", "/*+ hint */",
                    "/* primary */", "/* shard: s0, s1 */", "--", "#", "/*!50000 */"));
            case 3 -> sql.substring(0, at) + pick(QUOTES) + sql.substring(at);
            case 4 -> { // a span duplicated
                int end = Math.min(sql.length(), at + random.nextInt(20));
                yield sql.substring(0, end) + sql.substring(at, end) + sql.substring(end);
            }
            case 5 -> { // a span dropped
                int end = Math.min(sql.length(), at + 1 + random.nextInt(10));
                yield at >= sql.length() ? sql : sql.substring(0, at) + sql.substring(end);
            }
            case 6 -> deepNesting(sql);
            case 7 -> hugeList();
            case 8 -> sql + pick("; DELETE FROM " + table(), "; SELECT 1", ";", ";;", "; -- end", ";\n/* shard: s0 */ DELETE FROM " + table());
            case 9 -> swapWords(sql);
            default -> sql.replaceFirst("\\b(\\d+)\\b", pick(ODD_KEYS).replace("$", "\\$").replace("\\", "\\\\"));
        };
    }

    private String atTokenBoundary(String sql, String insert) {
        List<Integer> spaces = new ArrayList<>();
        for (int i = 0; i < sql.length(); i++) if (sql.charAt(i) == ' ') spaces.add(i);
        int at = spaces.isEmpty() ? 0 : spaces.get(random.nextInt(spaces.size()));
        return sql.substring(0, at) + " " + insert + " " + sql.substring(at);
    }

    private String deepNesting(String sql) {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 40 : 400);
        String t = table();
        if (random.nextBoolean()) {
            return "SELECT * FROM " + t + " WHERE " + "(".repeat(depth) + "id = " + key() + ")".repeat(depth);
        }
        StringBuilder sb = new StringBuilder("SELECT * FROM " + t + " WHERE id IN (");
        for (int i = 0; i < depth; i++) sb.append("SELECT id FROM ").append(t).append(" WHERE id IN (");
        return sb.append(key()).append(")".repeat(depth + 1)).toString();
    }

    private String hugeList() {
        int n = 50 + random.nextInt(random.nextBoolean() ? 500 : 6000);
        String t = table();
        StringBuilder sb = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> {
                sb.append("SELECT id FROM ").append(t).append(" WHERE id IN (");
                for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(random.nextInt(100_000));
                sb.append(")");
            }
            case 1 -> {
                sb.append("SELECT id FROM ").append(t).append(" WHERE ");
                for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " OR ").append(random.nextInt(10) == 0 ? "v = 'q'" : "id = " + random.nextInt(100_000));
            }
            default -> {
                sb.append("INSERT INTO ").append(t).append(" (id, v) VALUES ");
                for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append("(").append(1000 + random.nextInt(1_000_000)).append(", 'l')");
                sb.append(mysql ? " ON DUPLICATE KEY UPDATE v = 'l'" : " ON CONFLICT DO NOTHING");
            }
        }
        return sb.toString();
    }

    private String swapWords(String sql) {
        String[] words = sql.split(" ");
        if (words.length < 2) return sql;
        int a = random.nextInt(words.length), b = random.nextInt(words.length);
        String w = words[a];
        words[a] = words[b];
        words[b] = w;
        return String.join(" ", words);
    }
}
