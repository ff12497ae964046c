package io.shardjdbc.commit;

import java.util.Objects;

/**
 * The name of one atomic (two-phase) transaction across shards: {@code sjdbc:<instance>:<seq>:<decision shard>}.
 * The instance names the driver that prepared it (host, process id and a random tag, see
 * {@link io.shardjdbc.tx.AtomicTransactions}); the decision shard is the participant whose own transaction holds the
 * commit decision ({@link io.shardjdbc.tx.DecisionLog}), so anyone holding the config can look the outcome up from the id
 * alone. Each participant's prepared branch carries this id and a qualifier of its own (see
 * {@link io.shardjdbc.tx.BranchProtocol}).
 */
public record GlobalTransactionId(String instance, long sequence, String decisionShard) {
    /** Every id starts with this, so recovery touches no prepared transaction of another program. */
    public static final String PREFIX = "sjdbc:";

    public GlobalTransactionId {
        Objects.requireNonNull(instance);
        Objects.requireNonNull(decisionShard);
        if (instance.indexOf(':') >= 0) throw new IllegalArgumentException("an instance name holds no ':': " + instance);
    }

    /** The id as text, as the databases and the decision log store it. */
    public String text() {
        return PREFIX + instance + ":" + Long.toString(sequence, 36) + ":" + decisionShard;
    }

    /** Reads an id written by {@link #text()}; null for any other text (a prepared transaction of another program). */
    public static GlobalTransactionId parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) return null;
        String[] parts = text.substring(PREFIX.length()).split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) return null;
        try {
            return new GlobalTransactionId(parts[0], Long.parseLong(parts[1], 36), parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() { return text(); }
}
