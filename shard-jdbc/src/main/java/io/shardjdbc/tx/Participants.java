package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;

/**
 * The shards of one ending transaction, in the order they joined, with what the commit needs to know
 * of each: whether it wrote, and whether its branch was started as an XA transaction (then it ends
 * by the branch protocol, not by {@code commit()}/{@code rollback()}). An immutable snapshot.
 */
final class Participants {
    final int[] shards;
    final boolean[] wrote;
    final boolean[] started;
    final String[] qualifiers;
    /** The global id when a branch was started early, else null (one is made at commit if needed). */
    final GlobalTransactionId id;

    Participants(int[] shards, boolean[] wrote, boolean[] started, String[] qualifiers, GlobalTransactionId id) {
        this.shards = shards;
        this.wrote = wrote;
        this.started = started;
        this.qualifiers = qualifiers;
        this.id = id;
    }

    int size() { return shards.length; }

    int writers() {
        int n = 0;
        for (boolean w : wrote) if (w) n++;
        return n;
    }
}
