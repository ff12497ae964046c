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
    record Planned(String shardSql, MergePlan plan) { }

    private static Planned plan(Dialect d, String sql, Object... params) throws SQLException {
        StatementAnalyzer a = new StatementAnalyzer(d);
        LexedSql lexed = a.lex(sql);
        StatementShape shape = a.shape(lexed, Keywords.kind(lexed));
        MergeTemplate.Instance i = MergePlanner.plan(shape, lexed, d, "t").instantiate(Parameters.of(params));
        RouteUnit u = SqlEdits.apply(0, "s0", sql, lexed.paramOffsets(), i.edits());
        return new Planned(u.sql(), i.plan());
    }

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
        Planned p = plan(Dialect.MYSQL, "SELECT id, k + 1 AS k1 FROM sbtest ORDER BY k1, 1 DESC LIMIT 5, 10");
        assertThat(p.shardSql()).isEqualTo("SELECT id, k + 1 AS k1, k + 1 AS sj_h1, id AS sj_h2 FROM sbtest ORDER BY k1, 1 DESC LIMIT 15");
        assertThat(p.plan().orderBy().get(0).nullsFirst()).as("MySQL: NULLs first ascending").isTrue();
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
