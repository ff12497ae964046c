package io.shardjdbc.replica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Write positions as PostgreSQL and MariaDB print them: when has a replica reached a primary's position. */
class PositionsTest {
    @Test
    void postgresLsnsCompareAsNumbersNotText() {
        assertThat(Positions.lsn("0/3000060")).isEqualTo(0x3000060L);
        assertThat(Positions.lsn("16/B374D848")).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(Positions.lsnReached("0/A000000", "0/9FFFFFF")).isTrue();   // "A..." < "9..." as text
        assertThat(Positions.lsnReached("1/0", "0/FFFFFFFF")).isTrue();
        assertThat(Positions.lsnReached("0/3000060", "0/3000060")).isTrue();
        assertThat(Positions.lsnReached("0/3000060", "0/3000061")).isFalse();
        assertThat(Positions.lsnReached(null, "0/1")).isFalse();
        assertThat(Positions.lsnReached("garbage", "0/1")).isFalse();
    }

    @Test
    void mariadbGtidPositionsCompareEveryDomain() {
        assertThat(Positions.gtidReached("0-1-42", "0-1-42")).isTrue();
        assertThat(Positions.gtidReached("0-1-43", "0-1-42")).isTrue();
        assertThat(Positions.gtidReached("0-1-41", "0-1-42")).isFalse();
        // the server id does not order transactions; the sequence number within a domain does
        assertThat(Positions.gtidReached("0-2-50", "0-1-42")).isTrue();
        assertThat(Positions.gtidReached("0-1-50,1-1-3", "0-1-42,1-1-4")).isFalse();
        assertThat(Positions.gtidReached("0-1-50,1-1-4", "1-1-4,0-1-42")).isTrue();
        assertThat(Positions.gtidReached("0-1-50", "0-1-42,1-1-1")).as("a domain the replica never saw").isFalse();
        assertThat(Positions.gtidReached("", "")).isTrue();
        assertThat(Positions.gtidReached("0-1-1", "")).isTrue();
        assertThat(Positions.gtidReached("nonsense", "0-1-1")).isFalse();
    }
}
