package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.Fold;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.Slot;
import io.shardjdbc.sql.Keywords;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.StatementAnalyzer;
import io.shardjdbc.sql.StatementShape;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import org.junit.jupiter.api.Test;

/** Given a SELECT that spans shards: this SQL on every shard, and this merge. */
class MergePlannerTest {
    record Planned(String shardSql, MergePlan plan, int[] parameterMap) { }

    private static Planned plan(Dialect d, String sql, Object... params) throws SQLException {
        StatementAnalyzer a = new StatementAnalyzer(d);
        LexedSql lexed = a.lex(sql);
        StatementShape shape = a.shape(lexed, Keywords.kind(lexed));
        MergeTemplate.Instance i = MergePlanner.plan(shape, lexed, d, "t").instantiate(Parameters.of(params));
        RouteUnit u = SqlEdits.apply(0, "s0", sql, lexed.paramOffsets(), i.edits());
        return new Planned(u.sql(), i.plan(), u.parameterMap());
    }

    private static final String W_K1 = "WEIGHT_STRING(CASE WHEN COLLATION(k + 1) LIKE '%nopad%' OR COLLATION(k + 1) LIKE '%0900%' "
            + "OR COLLATION(k + 1) = 'binary' THEN k + 1 ELSE RTRIM(k + 1) END)";

    private static Planned pg(String sql, Object... params) throws SQLException {
        return plan(Dialect.POSTGRESQL, sql, params);
    }

    @Test
    void orderByKeysBecomeHiddenColumnsAndLimitCoversTheOffset() throws SQLException {
        Planned p = pg("SELECT * FROM orders WHERE status = ? ORDER BY created_at DESC, o.total LIMIT ? OFFSET ?", "NEW", 10, 20);
        assertThat(p.shardSql()).isEqualTo(
                "SELECT *, created_at AS sj_h1, o.total AS sj_h2 FROM orders WHERE status = ? ORDER BY created_at DESC, o.total LIMIT 30");
        assertThat(p.plan().hiddenColumns()).isEqualTo(2);
        assertThat(p.plan().offset()).isEqualTo(20);
        assertThat(p.plan().limit()).isEqualTo(10);
        assertThat(p.plan().orderBy().get(0).descending()).isTrue();
        assertThat(p.plan().orderBy().get(0).nullsFirst()).as("PostgreSQL: NULLs first when descending").isTrue();
    }

    @Test
    void ordinalsAndAliasesResolveToTheirSelectItems() throws SQLException {
        Planned p = pg("SELECT id, k + 1 AS k1 FROM sbtest ORDER BY k1, 1 DESC LIMIT 10 OFFSET 5");
        assertThat(p.shardSql()).isEqualTo("SELECT id, k + 1 AS k1, k + 1 AS sj_h1, id AS sj_h2 FROM sbtest ORDER BY k1, 1 DESC LIMIT 15");
        Planned my = plan(Dialect.MYSQL, "SELECT id, k + 1 AS k1 FROM sbtest ORDER BY k1 LIMIT 5, 10");
        assertThat(my.plan().orderBy().get(0).nullsFirst()).as("MySQL: NULLs first ascending").isTrue();
    }

    @Test
    void mySqlSortKeysTravelWithTheirCollationWeight() throws SQLException {
        Planned p = plan(Dialect.MYSQL, "SELECT id, k + 1 AS k1 FROM sbtest ORDER BY k1 LIMIT 5, 10");
        assertThat(p.shardSql()).isEqualTo("SELECT id, k + 1 AS k1, k + 1 AS sj_h1, " + W_K1 + " AS sj_h2 FROM sbtest ORDER BY k1 LIMIT 15");
        assertThat(p.plan().orderBy().get(0).value()).isEqualTo(new Expr.Collated(new Expr.Column(0), new Expr.Column(1)));
    }

    @Test
    void mySqlGroupKeysMinMaxAndDistinctValuesTravelWithTheirCollationWeight() throws SQLException {
        Planned p = plan(Dialect.MYSQL, "SELECT c, MAX(c), COUNT(DISTINCT d), SUM(n) FROM t GROUP BY c");
        MergePlan m = p.plan();
        assertThat(m.slots()).allSatisfy(s -> {
            if (s.fold() == Fold.SUM) assertThat(s.weight()).isZero();
            else assertThat(s.weight()).as("weight of %s", s).isGreaterThan(4);
        });
        assertThat(p.shardSql()).contains("WEIGHT_STRING(CASE WHEN COLLATION(MAX(c))").contains("GROUP BY c, d");
        Planned d = plan(Dialect.MYSQL, "SELECT DISTINCT c, n FROM t");
        assertThat(d.plan().visibleWeights()).containsExactly(0, 1);
        assertThatThrownBy(() -> plan(Dialect.MYSQL, "SELECT DISTINCT * FROM t"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("DISTINCT *");
        assertThat(pg("SELECT DISTINCT c FROM t").plan().visibleWeights()).as("PostgreSQL: no weights").isEmpty();
    }

    @Test
    void parametersInHiddenColumnsStayBound() throws SQLException {
        Planned p = pg("SELECT id FROM t WHERE a > ? ORDER BY n * ? DESC, id LIMIT ?", 1, 2, 3);
        assertThat(p.shardSql()).isEqualTo("SELECT id, n * ? AS sj_h1, id AS sj_h2 FROM t WHERE a > ? ORDER BY n * ? DESC, id LIMIT 3");
        assertThat(p.parameterMap()).containsExactly(2, 1, 2);
        Planned g = plan(Dialect.MYSQL, "SELECT COUNT(DISTINCT n + ?) FROM t WHERE a > ?", 1, 2);
        assertThat(g.shardSql()).isEqualTo("SELECT COUNT(DISTINCT n + ?), n + ? AS sj_h1, "
                + "WEIGHT_STRING(CASE WHEN COLLATION(n + ?) LIKE '%nopad%' OR COLLATION(n + ?) LIKE '%0900%' OR COLLATION(n + ?) = 'binary' "
                + "THEN n + ? ELSE RTRIM(n + ?) END) AS sj_h2 FROM t WHERE a > ? GROUP BY n + ? ");
        assertThat(g.parameterMap()).containsExactly(1, 1, 1, 1, 1, 1, 1, 2, 1);
    }

    @Test
    void sumDistinctTravelsAsTheShardsSumOfEachValue() throws SQLException {
        Planned p = pg("SELECT SUM(DISTINCT qty), AVG(DISTINCT qty) FROM t");
        assertThat(p.shardSql()).isEqualTo(
                "SELECT SUM(DISTINCT qty), AVG(DISTINCT qty), SUM(DISTINCT qty) AS sj_h1, qty AS sj_h2 FROM t GROUP BY qty ");
        assertThat(p.plan().slots()).containsExactly(new Slot(3, Fold.SUM_DISTINCT), new Slot(4, Fold.COUNT_DISTINCT));
    }

    @Test
    void integerLiteralsHaveTheDialectsIntegerType() throws SQLException {
        Expr pgPlus = pg("SELECT MIN(q) + 1, COUNT(*) * 2.5 FROM t").plan().outputs().get(0);
        assertThat(pgPlus).isEqualTo(new Expr.Arithmetic('+', new Expr.Column(0), new Expr.Const(1), Dialect.POSTGRESQL));
        Expr myPlus = plan(Dialect.MYSQL, "SELECT COUNT(*) + 1 FROM t").plan().outputs().get(0);
        assertThat(myPlus).isEqualTo(new Expr.Arithmetic('+', new Expr.Column(0), new Expr.Const(1L), Dialect.MYSQL));
    }

    @Test
    void arithmeticOverAQuotientIsRefusedOnMySql() throws SQLException {
        for (String sql : new String[] {"SELECT AVG(a) * 2 FROM t", "SELECT SUM(a) / COUNT(*) + 1 FROM t", "SELECT -AVG(a) FROM t",
                "SELECT g FROM t GROUP BY g HAVING AVG(a) - 1 > 0"}) {
            assertThatThrownBy(() -> plan(Dialect.MYSQL, sql)).as(sql)
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("quotient".isEmpty() ? "" : "AVG or a division");
            assertThat(pg(sql).plan()).as("PostgreSQL rounds each step: exact in the merge").isNotNull();
        }
        assertThat(plan(Dialect.MYSQL, "SELECT AVG(a), SUM(a) / COUNT(*) FROM t WHERE b = 1").plan().outputs()).hasSize(2);
    }

    @Test
    void distinctAggregatesOverParametersAreRefusedOnPostgres() {
        assertThatThrownBy(() -> pg("SELECT COUNT(DISTINCT n + ?) FROM t", 1))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("parameters");
    }

    @Test
    void averagesAreComputedFromSumAndCount() throws SQLException {
        Planned p = pg("SELECT status, count(*), avg(total) AS a FROM orders GROUP BY status HAVING sum(total) > ? ORDER BY 3 DESC LIMIT 3", 100);
        assertThat(p.shardSql()).isEqualTo(
                "SELECT status, count(*), avg(total) AS a, SUM(total) AS sj_h1, COUNT(total) AS sj_h2 FROM orders GROUP BY status  ORDER BY 3 DESC ");
        MergePlan m = p.plan();
        assertThat(m.slots()).containsExactly(new Slot(1, Fold.KEY), new Slot(1, Fold.ANY), new Slot(2, Fold.COUNT),
                new Slot(4, Fold.SUM), new Slot(5, Fold.COUNT));
        assertThat(m.outputs().get(2)).isInstanceOf(Expr.Average.class);
        assertThat(m.having()).isEqualTo(new Expr.Compare(">", new Expr.Column(3), new Expr.Param(1)));
        assertThat(m.limit()).isEqualTo(3);
    }

    @Test
    void distinctAggregatesGroupByTheirArgumentOnTheShards() throws SQLException {
        Planned p = pg("SELECT count(DISTINCT customer_id), sum(total) FROM orders WHERE total > 0");
        assertThat(p.shardSql()).isEqualTo(
                "SELECT count(DISTINCT customer_id), sum(total), customer_id AS sj_h1 FROM orders WHERE total > 0 GROUP BY customer_id ");
        assertThat(p.plan().slots()).containsExactly(new Slot(3, Fold.COUNT_DISTINCT), new Slot(2, Fold.SUM));
        Planned grouped = pg("SELECT status, count(DISTINCT customer_id) FROM orders GROUP BY status ORDER BY status");
        assertThat(grouped.shardSql()).isEqualTo(
                "SELECT status, count(DISTINCT customer_id), customer_id AS sj_h1 FROM orders GROUP BY status, customer_id ORDER BY status");
    }

    @Test
    void expressionsOverAggregatesRunInTheMerge() throws SQLException {
        Planned p = pg("SELECT sum(total) / count(*) AS mean, max(total) - min(total) FROM orders");
        assertThat(p.plan().outputs().get(0)).isInstanceOf(Expr.Arithmetic.class);
        assertThat(p.shardSql()).isEqualTo("SELECT sum(total) / count(*) AS mean, max(total) - min(total), SUM(total) AS sj_h1, "
                + "COUNT(*) AS sj_h2, MAX(total) AS sj_h3, MIN(total) AS sj_h4 FROM orders");
    }

    @Test
    void shapesThatCannotMergeExactlyAreRefused() {
        assertThatThrownBy(() -> pg("SELECT *, count(*) FROM orders GROUP BY order_id"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("SELECT *");
        assertThatThrownBy(() -> pg("SELECT string_agg(status, ',') FROM orders"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("string_agg");
        assertThatThrownBy(() -> pg("SELECT rank() OVER (ORDER BY total) FROM orders"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> pg("SELECT * FROM orders ORDER BY 2"))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("position");
    }

    @Test
    void evaluatedAverageFollowsTheDialect() throws SQLException {
        Expr.Average pgAvg = new Expr.Average(new Expr.Const(new BigDecimal(1066615)), new Expr.Const(7L), Dialect.POSTGRESQL);
        assertThat(pgAvg.eval(new Object[0], new Object[0])).isEqualTo(new BigDecimal("152373.571428571429"));
        Expr.Average myAvg = new Expr.Average(new Expr.Const(new BigDecimal(1066615)), new Expr.Const(7L), Dialect.MYSQL);
        assertThat(myAvg.eval(new Object[0], new Object[0])).isEqualTo(new BigDecimal("152373.5714"));
    }
}
