package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * What a federated table scan asks its shards: the filters Calcite pushes, written as shard SQL in
 * the dialect with bound values, and the shards the key conditions leave. No database: this is the
 * translation alone (the integration tests run the same scans on PostgreSQL and MariaDB).
 */
class ScanSqlTest {
    private final JavaTypeFactoryImpl tf = new JavaTypeFactoryImpl(FederationTypeSystem.INSTANCE);
    private final RexBuilder rex = new RexBuilder(tf);
    private final List<Column> columns = List.of(
            new Column("customer_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
            new Column("name", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 64, 0, true),
            new Column("Tier", Types.INTEGER, "int4", SqlTypeName.INTEGER, 10, 0, true));

    private RexNode col(int i) {
        SqlTypeName t = columns.get(i).sqlType();
        RelDataType type = tf.createTypeWithNullability(t == SqlTypeName.VARCHAR ? tf.createSqlType(t, 64) : tf.createSqlType(t), true);
        return rex.makeInputRef(type, i);
    }

    private static Topology topology(String db) {
        return Topology.of(ConfigLoader.parse("t.yaml", """
                shards:
                  s0: { url: jdbc:%1$s://db0/app }
                  s1: { url: jdbc:%1$s://db1/app }
                  s2: { url: jdbc:%1$s://db2/app }
                  s3: { url: jdbc:%1$s://db3/app }
                tables:
                  customers: { key: customer_id, strategy: hash, function: mod, buckets: 4 }
                  countries: { broadcast: true }
                """.formatted(db), Map.of(), k -> null));
    }

    @Test
    void filtersBecomeShardSqlWithBoundValuesQuotedPerDialect() {
        RexNode cond = rex.makeCall(SqlStdOperatorTable.AND,
                rex.makeCall(SqlStdOperatorTable.GREATER_THAN, col(2), rex.makeExactLiteral(BigDecimal.valueOf(2))),
                rex.makeCall(SqlStdOperatorTable.LIKE, col(1), rex.makeLiteral("a%")));
        List<Object> values = new ArrayList<>();
        assertThat(new FilterSql(Dialect.POSTGRESQL, columns, rex, i -> null).write(cond, values))
                .isEqualTo("((\"Tier\" > ?) AND (\"name\" LIKE ?))");
        assertThat(values).containsExactly(2, "a%");
        values.clear();
        assertThat(new FilterSql(Dialect.MYSQL, columns, rex, i -> null).write(cond, values))
                .isEqualTo("((`Tier` > ?) AND (`name` LIKE ?))");
    }

    @Test
    void anInListParametersAndFunctionsAreWrittenAndCorrelationsStayInTheDriver() {
        RexNode in = rex.makeIn(col(0), List.of(rex.makeExactLiteral(BigDecimal.ONE), rex.makeExactLiteral(BigDecimal.TEN)));
        List<Object> values = new ArrayList<>();
        String sql = new FilterSql(Dialect.POSTGRESQL, columns, rex, i -> 7L).write(in, values);
        assertThat(sql).contains("\"customer_id\"").contains("OR");
        assertThat(values).containsExactlyInAnyOrder(1, 10);
        RexNode param = rex.makeCall(SqlStdOperatorTable.EQUALS, col(2), rex.makeDynamicParam(col(2).getType(), 0));
        values.clear();
        assertThat(new FilterSql(Dialect.POSTGRESQL, columns, rex, i -> 42).write(param, values)).isEqualTo("(\"Tier\" = ?)");
        assertThat(values).containsExactly(42);
        RexNode upper = rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeCall(SqlStdOperatorTable.UPPER, col(1)), rex.makeLiteral("A"));
        values.clear();
        assertThat(new FilterSql(Dialect.POSTGRESQL, columns, rex, i -> null).write(upper, values))
                .as("a function is the shard's to evaluate").isEqualTo("(UPPER(\"name\") = 'A')");
        RexNode correlated = rex.makeCall(SqlStdOperatorTable.EQUALS, col(2),
                rex.makeCorrel(col(2).getType(), new org.apache.calcite.rel.core.CorrelationId(0)));
        assertThat(new FilterSql(Dialect.POSTGRESQL, columns, rex, i -> null).writable(correlated))
                .as("a value of another row stays in the driver").isFalse();
    }

    @Test
    void keyConditionsPruneTheShardsOfAScan() throws SQLException {
        ShardedTable customers = (ShardedTable) topology("postgresql").table("customers");
        RexNode eq = rex.makeCall(SqlStdOperatorTable.EQUALS, col(0), rex.makeExactLiteral(BigDecimal.valueOf(6)));
        BitSet one = KeyShards.of(customers.placement(), 0, List.of(eq), rex, i -> null);
        assertThat(one.stream().toArray()).containsExactly(2); // 6 mod 4
        RexNode in = rex.makeIn(col(0), List.of(rex.makeExactLiteral(BigDecimal.ONE), rex.makeExactLiteral(BigDecimal.valueOf(5))));
        assertThat(KeyShards.of(customers.placement(), 0, List.of(in), rex, i -> null).stream().toArray()).containsExactly(1);
        RexNode param = rex.makeCall(SqlStdOperatorTable.EQUALS, col(0), rex.makeDynamicParam(col(0).getType(), 0));
        assertThat(KeyShards.of(customers.placement(), 0, List.of(param), rex, i -> 3L).stream().toArray()).containsExactly(3);
        RexNode other = rex.makeCall(SqlStdOperatorTable.EQUALS, col(2), rex.makeExactLiteral(BigDecimal.ONE));
        assertThat(KeyShards.of(customers.placement(), 0, List.of(other), rex, i -> null).cardinality()).isEqualTo(4);
    }

    @Test
    void boundsOnARangeKeyPruneToTheRangesTheyMeet() throws SQLException {
        Topology t = Topology.of(ConfigLoader.parse("t.yaml", """
                shards:
                  s0: { url: jdbc:postgresql://db0/app }
                  s1: { url: jdbc:postgresql://db1/app }
                  s2: { url: jdbc:postgresql://db2/app }
                tables:
                  customers: { key: customer_id, strategy: range,
                               ranges: [ { below: 100, shard: s0 }, { below: 200, shard: s1 }, { shard: s2 } ] }
                  names: { key: name, strategy: range, ranges: [ { below: m, shard: s0 }, { shard: s1 } ] }
                """, Map.of(), k -> null));
        var placement = ((ShardedTable) t.table("customers")).placement();
        RexNode atLeast150 = rex.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, col(0), rex.makeExactLiteral(BigDecimal.valueOf(150)));
        RexNode below100 = rex.makeCall(SqlStdOperatorTable.LESS_THAN, col(0), rex.makeExactLiteral(BigDecimal.valueOf(100)));
        RexNode param200IsBelow = rex.makeCall(SqlStdOperatorTable.LESS_THAN, rex.makeDynamicParam(col(0).getType(), 0), col(0));
        assertThat(KeyShards.of(placement, 0, List.of(atLeast150), rex, i -> null).stream().toArray()).containsExactly(1, 2);
        assertThat(KeyShards.of(placement, 0, List.of(below100), rex, i -> null).stream().toArray())
                .as("an exclusive bound at a range's start leaves that range out").containsExactly(0);
        assertThat(KeyShards.of(placement, 0, List.of(param200IsBelow), rex, i -> 200L).stream().toArray())
                .as("v < key, with the value bound later").containsExactly(2);
        RexNode hundredAbove = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, rex.makeExactLiteral(BigDecimal.valueOf(100)), col(0));
        assertThat(KeyShards.of(placement, 0, List.of(hundredAbove), rex, i -> null).stream().toArray())
                .as("100 > key is key < 100 (operands swapped, not negated): the range starting at 100 is out").containsExactly(0);
        RexNode between = rex.makeBetween(col(0), rex.makeExactLiteral(BigDecimal.valueOf(120)), rex.makeExactLiteral(BigDecimal.valueOf(180)));
        assertThat(KeyShards.of(placement, 0, List.of(between), rex, i -> null).stream().toArray())
                .as("BETWEEN, a SEARCH once simplified").containsExactly(1);
        RexNode either = rex.makeCall(SqlStdOperatorTable.OR, below100, atLeast150);
        assertThat(KeyShards.of(placement, 0, List.of(either), rex, i -> null).stream().toArray()).containsExactly(0, 1, 2);
        RexNode text = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, col(1), rex.makeLiteral("n"));
        assertThat(KeyShards.of(((ShardedTable) t.table("names")).placement(), 1, List.of(text), rex, i -> null).cardinality())
                .as("text orders by the shard's collation: no pruning").isEqualTo(2);
    }

    @Test
    void aScanAsksOnlyTheShardsItNeedsForTheColumnsItUses() throws SQLException {
        Topology t = topology("postgresql");
        LogicalTable customers = new LogicalTable("customers", t.table("customers"), t, name -> columns, name -> null);
        RexNode eq = rex.makeCall(SqlStdOperatorTable.EQUALS, col(0), rex.makeExactLiteral(BigDecimal.valueOf(6)));
        LogicalTable.ScanPlan p = customers.plan(new ArrayList<>(List.of(eq)), new int[] {1}, rex, i -> null);
        assertThat(p.queries()).singleElement().satisfies(q -> {
            assertThat(q.shardName()).isEqualTo("s2");
            assertThat(q.sql()).isEqualTo("SELECT \"name\" FROM \"customers\" WHERE (\"customer_id\" = ?)");
        });
        LogicalTable countries = new LogicalTable("countries", t.table("countries"), t, name -> columns, name -> null);
        assertThat(countries.plan(new ArrayList<>(), null, rex, i -> null).queries())
                .as("a broadcast table is read on one shard").hasSize(1);
    }

    @Test
    void keysPassedToAScanGoInListsOfTheMostDistinctColumnAndAShardKeyValueOnlyToItsShard() throws SQLException {
        Topology t = topology("mariadb");
        LogicalTable customers = new LogicalTable("customers", t.table("customers"), t, name -> columns, name -> null);
        LogicalTable.Select select = customers.select(List.of(), new int[] {1}, null, rex, i -> null);
        List<List<Object>> tuples = new ArrayList<>();
        for (long id = 0; id < 10_000; id++) tuples.add(List.of(id, (int) (id % 3)));
        List<List<ShardQuery>> rounds = customers.keyedRounds(select, new LogicalTable.KeyList(new int[] {0, 2}, tuples));
        assertThat(rounds).as("2,500 keys a shard: a round of 2,000 and one of 500").hasSize(2);
        assertThat(rounds.get(0)).hasSize(4);
        for (List<ShardQuery> round : rounds) {
            for (ShardQuery q : round) {
                assertThat(q.sql()).startsWith("SELECT `name` FROM `customers` WHERE `customer_id` IN (?, ?");
                assertThat(q.values()).hasSize(round == rounds.get(0) ? 2_000 : 500);
                for (Object v : q.values()) {
                    assertThat(((ShardedTable) t.table("customers")).placement().shardOf(v)).isEqualTo(q.shard());
                }
            }
        }
        List<List<ShardQuery>> byTier = customers.keyedRounds(select,
                new LogicalTable.KeyList(new int[] {2}, List.of(List.of(1), List.of(2))));
        assertThat(byTier).as("a column that places no row: every shard gets every key").singleElement()
                .satisfies(round -> assertThat(round).hasSize(4).allSatisfy(q -> {
                    assertThat(q.sql()).isEqualTo("SELECT `name` FROM `customers` WHERE `Tier` IN (?, ?)");
                    assertThat(q.values()).containsExactly(1, 2);
                }));
    }
}
