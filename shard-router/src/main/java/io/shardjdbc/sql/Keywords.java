package io.shardjdbc.sql;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what the leading keywords of a statement tell: its kind, the command of a
 * transaction-control statement, and the tables a DDL statement acts on. Calcite is not asked
 * (it misreads or rejects these statements, and a failed parse is slow).
 */
public final class Keywords {
    private static final Set<String> QUERY = Set.of("SELECT", "WITH", "VALUES", "TABLE", "(");
    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "COMMENT", "GRANT", "REVOKE");
    private static final Set<String> TX = Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE");
    private static final Set<String> SESSION = Set.of("SET", "RESET", "DISCARD", "USE");

    private Keywords() { }

    /** The kind of a statement from its first word. */
    public static StatementKind kind(LexedSql lexed) {
        Token first = lexed.first();
        if (first == null) return StatementKind.OTHER;
        String w = first.text(lexed.sql()).toUpperCase(Locale.ROOT);
        if (QUERY.contains(w)) return StatementKind.QUERY;
        if (w.equals("INSERT") || w.equals("REPLACE")) return StatementKind.INSERT;
        if (w.equals("UPDATE")) return StatementKind.UPDATE;
        if (w.equals("DELETE")) return StatementKind.DELETE;
        if (DDL.contains(w)) return StatementKind.DDL;
        if (TX.contains(w)) {
            // START SLAVE/REPLICA and the like are not transaction control
            if (w.equals("START") && !lexed.is(1, "TRANSACTION")) return StatementKind.OTHER;
            return StatementKind.TRANSACTION;
        }
        if (SESSION.contains(w)) return StatementKind.SESSION;
        return StatementKind.OTHER;
    }

    /** The command of a TRANSACTION statement. */
    public static TransactionCommand transaction(LexedSql lexed) throws SQLException {
        String sql = lexed.sql();
        List<String> words = new ArrayList<>();
        for (Token t : lexed.tokens()) {
            if (t.isSymbol(sql, ";")) break;
            words.add(t.kind() == Token.Kind.QUOTED ? t.text(sql) : t.text(sql).toUpperCase(Locale.ROOT));
        }
        words.remove("WORK");
        String first = words.get(0);
        if (words.size() > 1 && words.get(1).equals("TRANSACTION") && !first.equals("START")) words.remove(1);
        switch (first) {
            case "BEGIN", "START" -> {
                int options = first.equals("START") ? 2 : 1;
                if (words.size() > options) {
                    throw new SQLFeatureNotSupportedException("transaction options in '" + sql.trim() + "' are not supported; "
                            + "use Connection.setTransactionIsolation() and setReadOnly() before beginning", Refusals.SQL_STATE);
                }
                return new TransactionCommand(TransactionCommand.Action.BEGIN, null);
            }
            case "COMMIT", "END" -> {
                if (words.size() > 1) throw unsupported(sql);
                return new TransactionCommand(TransactionCommand.Action.COMMIT, null);
            }
            case "ROLLBACK", "ABORT" -> {
                if (words.size() == 1) return new TransactionCommand(TransactionCommand.Action.ROLLBACK, null);
                if (words.get(1).equals("TO")) {
                    int name = words.size() > 2 && words.get(2).equals("SAVEPOINT") ? 3 : 2;
                    if (words.size() == name + 1) {
                        return new TransactionCommand(TransactionCommand.Action.ROLLBACK_TO_SAVEPOINT, identifier(words.get(name)));
                    }
                }
                throw unsupported(sql);
            }
            case "SAVEPOINT" -> {
                if (words.size() != 2) throw syntax(sql);
                return new TransactionCommand(TransactionCommand.Action.SAVEPOINT, identifier(words.get(1)));
            }
            case "RELEASE" -> {
                int name = words.size() > 1 && words.get(1).equals("SAVEPOINT") ? 2 : 1;
                if (words.size() != name + 1) throw syntax(sql);
                return new TransactionCommand(TransactionCommand.Action.RELEASE_SAVEPOINT, identifier(words.get(name)));
            }
            default -> throw unsupported(sql);
        }
    }

    /**
     * The tables a DDL statement acts on (lower case), or an empty list when it names none that
     * this reader recognises (CREATE SEQUENCE, CREATE EXTENSION, ...).
     */
    public static List<String> ddlTables(LexedSql lexed) {
        String sql = lexed.sql();
        List<Token> t = lexed.tokens();
        List<String> out = new ArrayList<>();
        int i = 1;
        String verb = t.get(0).text(sql).toUpperCase(Locale.ROOT);
        if (verb.equals("TRUNCATE")) {
            if (lexed.is(i, "TABLE")) i++;
            readNameList(lexed, i, out);
            return out;
        }
        if (verb.equals("RENAME") && lexed.is(i, "TABLE")) { // MySQL: RENAME TABLE a TO b, c TO d
            for (int j = i + 1; j < t.size(); j++) {
                if (t.get(j).kind() == Token.Kind.WORD || t.get(j).kind() == Token.Kind.QUOTED) {
                    int after = nameEnd(lexed, j);
                    out.add(name(lexed, j, after));
                    j = after - 1;
                }
                while (j + 1 < t.size() && !t.get(j + 1).isSymbol(sql, ",") && !lexed.is(j + 1, "TO")) j++;
                j++;
            }
            return out;
        }
        // skip modifiers up to the object type
        while (i < t.size() && (lexed.is(i, "OR") || lexed.is(i, "REPLACE") || lexed.is(i, "GLOBAL") || lexed.is(i, "LOCAL")
                || lexed.is(i, "TEMP") || lexed.is(i, "TEMPORARY") || lexed.is(i, "UNLOGGED") || lexed.is(i, "UNIQUE"))) i++;
        if (lexed.is(i, "TABLE")) {
            i++;
            i = skipIfExists(lexed, i);
            if (lexed.is(i, "ONLY")) i++;
            if (verb.equals("DROP")) readNameList(lexed, i, out);
            else if (i < t.size()) out.add(name(lexed, i, nameEnd(lexed, i)));
        } else if (lexed.is(i, "INDEX")) {
            for (int j = i; j < t.size(); j++) {
                if (lexed.is(j, "ON")) {
                    int k = j + 1;
                    if (lexed.is(k, "ONLY")) k++;
                    if (k < t.size()) out.add(name(lexed, k, nameEnd(lexed, k)));
                    break;
                }
            }
        } else if (verb.equals("COMMENT") && lexed.is(1, "ON") && (lexed.is(2, "TABLE") || lexed.is(2, "COLUMN"))) {
            int k = 3;
            int end = nameEnd(lexed, k);
            String full = lexed.sql().substring(t.get(k).start(), t.get(end - 1).end());
            String[] parts = full.split("\\.");
            String table = lexed.is(2, "TABLE") ? parts[parts.length - 1] : parts[Math.max(0, parts.length - 2)];
            out.add(unquote(table));
        }
        return out;
    }

    private static int skipIfExists(LexedSql lexed, int i) {
        if (lexed.is(i, "IF") && lexed.is(i + 1, "NOT") && lexed.is(i + 2, "EXISTS")) return i + 3;
        if (lexed.is(i, "IF") && lexed.is(i + 1, "EXISTS")) return i + 2;
        return i;
    }

    private static void readNameList(LexedSql lexed, int i, List<String> out) {
        List<Token> t = lexed.tokens();
        while (i < t.size()) {
            if (lexed.is(i, "ONLY")) i++;
            if (i >= t.size()) return;
            Token tok = t.get(i);
            if (tok.kind() != Token.Kind.WORD && tok.kind() != Token.Kind.QUOTED) return;
            int end = nameEnd(lexed, i);
            out.add(name(lexed, i, end));
            if (end < t.size() && t.get(end).isSymbol(lexed.sql(), "*")) end++; // TRUNCATE t*
            if (end < t.size() && t.get(end).isSymbol(lexed.sql(), ",")) i = end + 1;
            else return;
        }
    }

    /** Index after a possibly qualified name starting at token {@code i}. */
    private static int nameEnd(LexedSql lexed, int i) {
        int j = i + 1;
        while (j + 1 < lexed.tokens().size() && lexed.tokens().get(j).isSymbol(lexed.sql(), ".")) j += 2;
        return j;
    }

    private static String name(LexedSql lexed, int start, int end) {
        return unquote(lexed.tokens().get(end - 1).text(lexed.sql()));
    }

    /** An identifier without its quotes, lower case (names match case-insensitively). */
    public static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '`')) s = s.substring(1, s.length() - 1);
        return s.toLowerCase(Locale.ROOT);
    }

    private static String identifier(String word) {
        if (word.length() >= 2 && (word.charAt(0) == '"' || word.charAt(0) == '`')) return word.substring(1, word.length() - 1);
        return word.toLowerCase(Locale.ROOT);
    }

    private static SQLException unsupported(String sql) {
        return new SQLFeatureNotSupportedException("transaction statement '" + sql.trim() + "' is not supported through "
                + "shard-jdbc; use the Connection API (commit, rollback, setSavepoint)", Refusals.SQL_STATE);
    }

    private static SQLException syntax(String sql) {
        return new SQLSyntaxErrorException("cannot read transaction statement '" + sql.trim() + "'", "42601");
    }
}
