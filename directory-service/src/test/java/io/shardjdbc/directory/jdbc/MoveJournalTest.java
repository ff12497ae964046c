package io.shardjdbc.directory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.directory.support.TestDatabases;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The move state in the store, on PostgreSQL, MariaDB and H2: a move and its units are recorded with
 * a history; a unit already in an active move cannot join a second one (nothing of the second is
 * written); only the lease holder advances a move, another process takes the lease only when it
 * expired or its holder died; finishing unlocks the units. Databases {@code sjdbc_it_move_journal_*}.
 */
class MoveJournalTest {
    @ParameterizedTest
    @ValueSource(strings = {"pg", "maria", "h2"})
    void aMoveIsRecordedLockedLeasedAndFinished(String kind) throws SQLException {
        TestDatabases.Db db = switch (kind) {
            case "pg" -> TestDatabases.postgres("sjdbc_it_move_journal");
            case "maria" -> TestDatabases.mariaDb("sjdbc_it_move_journal");
            default -> TestDatabases.h2("journal");
        };
        try (JdbcMetadataStore store = JdbcMetadataStore.open(db.url(), db.user(), db.password())) {
            MoveJournal j = store.moves();
            j.create(move("m1", List.of("1", "2", "3"), "a", 1_000L));
            MoveJournal.Move m = j.get("m1").orElseThrow();
            assertThat(m.units()).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(m.state()).isEqualTo("COPYING");
            assertThat(m.leaseOwner()).isEqualTo("a");

            assertThatThrownBy(() -> j.create(move("m2", List.of("5", "3"), null, null)))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo(MoveJournal.CONFLICT);
                        assertThat(e.getMessage()).contains("unit 3 of orders is already moving in move m1");
                    });
            assertThat(j.get("m2")).isEmpty();

            assertThat(j.acquire("m1", "b", 500, 2_000, null)).as("held and not expired").isFalse();
            j.advance("m1", "a", 1_500, "CATCHUP", "orders:[40]", "slot", 40, "copied");
            assertThatThrownBy(() -> j.advance("m1", "b", 3_000, "FENCED", null, null, 40, "x"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(MoveJournal.CONFLICT));
            assertThat(j.acquire("m1", "b", 1_600, 5_000, null)).as("expired").isTrue();
            assertThat(j.acquire("m1", "c", 1_700, 5_000, "b")).as("holder died").isTrue();

            m = j.get("m1").orElseThrow();
            assertThat(m.state()).isEqualTo("CATCHUP");
            assertThat(m.checkpoint()).isEqualTo("orders:[40]");
            assertThat(m.rowsCopied()).isEqualTo(40);

            j.finish("m1", "c", "DONE", null);
            assertThat(j.get("m1").orElseThrow().leaseOwner()).isNull();
            j.create(move("m2", List.of("5", "3"), null, null));
            assertThat(j.list()).extracting(MoveJournal.Move::id).containsExactly("m1", "m2");
            assertThat(j.steps("m1")).extracting(MoveJournal.Step::state).containsExactly("COPYING", "CATCHUP", "DONE");
        }
    }

    private static MoveJournal.Move move(String id, List<String> units, String owner, Long expires) {
        return new MoveJournal.Move(id, "orders", "buckets", "s0", "s1", "COPYING", units, null, null, 0, 100, "{}",
                null, owner, expires);
    }
}
