package io.shardjdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import org.junit.jupiter.api.Test;

/** Masking blanks what Calcite cannot read and keeps every other character where it was. */
class MaskerTest {
    private static MaskedSql mask(Dialect d, String sql) {
        return new Masker(d).mask(new SqlLexer(d).lex(sql));
    }

    private static void keepsPositions(String sql, String masked) {
        assertThat(masked).hasSameSizeAs(sql);
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n' || sql.charAt(i) == '\r') assertThat(masked.charAt(i)).isEqualTo(sql.charAt(i));
        }
    }

    @Test
    void rowLocksReturningAndCastsAreBlanked() {
        String sql = "select * from t where id = ?::bigint\r\nfor update skip locked;";
        MaskedSql m = mask(Dialect.POSTGRESQL, sql);
        assertThat(m.text().strip()).isEqualTo("select * from t where id = ?");
        assertThat(m.clauses()).contains(MaskedSql.Clause.ROW_LOCK);
        keepsPositions(sql, m.text());
    }

    @Test
    void upsertTailsAreBlankedButTheirParametersStillCount() {
        String sql = "INSERT INTO t (id, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = v + ?";
        LexedSql lexed = new SqlLexer(Dialect.MYSQL).lex(sql);
        MaskedSql m = new Masker(Dialect.MYSQL).mask(lexed);
        assertThat(m.text().strip()).isEqualTo("INSERT INTO t (id, v) VALUES (?, ?)");
        assertThat(lexed.paramOffsets()).hasSize(3);
        assertThat(m.clauses()).contains(MaskedSql.Clause.UPSERT);
    }

    @Test
    void mysqlStringsKeepTheirValues() {
        String sql = "SELECT * FROM t WHERE name = 'it\\'s' AND x = \"dq\"";
        MaskedSql m = mask(Dialect.MYSQL, sql);
        assertThat(m.text()).isEqualTo("SELECT * FROM t WHERE name = 'xxxxx' AND x = 'xx'");
        assertThat(m.stringValues()).containsValues("it's", "dq");
    }

    @Test
    void commentsAndHintsAreBlankedAndShardHintsRead() {
        String sql = "/*+ INDEX(t ix) */ SELECT 1 -- trailing\n/* shard: s3 */";
        LexedSql lexed = new SqlLexer(Dialect.POSTGRESQL).lex(sql);
        assertThat(lexed.shardHint()).containsExactly("s3");
        MaskedSql m = new Masker(Dialect.POSTGRESQL).mask(lexed);
        assertThat(m.text().strip()).isEqualTo("SELECT 1");
        keepsPositions(sql, m.text());
    }

    @Test
    void questionMarksInsideStringsCommentsAndQuotedNamesAreNotParameters() {
        LexedSql l = new SqlLexer(Dialect.POSTGRESQL).lex("select '?', \"a?\", $$?$$, ? /* ? */ -- ?\n, ?? , ?");
        assertThat(l.paramOffsets()).hasSize(2);
        LexedSql my = new SqlLexer(Dialect.MYSQL).lex("select `a?`, 'b\\'?', \"?\", ? # ?\n");
        assertThat(my.paramOffsets()).hasSize(1);
    }

    @Test
    void mysqlUpdateLimitIsBlankedAndFlagged() {
        MaskedSql m = mask(Dialect.MYSQL, "UPDATE jobs SET owner = ? WHERE state = 'NEW' ORDER BY id LIMIT 1");
        assertThat(m.text().strip()).isEqualTo("UPDATE jobs SET owner = ? WHERE state = 'NEW'");
        assertThat(m.clauses()).contains(MaskedSql.Clause.DML_LIMIT);
    }
}
