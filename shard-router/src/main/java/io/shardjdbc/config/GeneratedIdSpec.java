package io.shardjdbc.config;

/**
 * A column of a table whose values the driver generates, unique across shards, for INSERTs that
 * leave it out (the {@code generated-id:} entry of a table in the config).
 *
 * @param column    the column, as written
 * @param generator how values are made
 * @param blockSize for {@link Generator#SEQUENCE}: how many values one round trip reserves
 */
public record GeneratedIdSpec(String column, Generator generator, int blockSize) {
    public static final int DEFAULT_BLOCK_SIZE = 100;

    /** How a generated id is made. */
    public enum Generator {
        /** Ascending values reserved in blocks from a counter row on the default shard. */
        SEQUENCE,
        /** A time-ordered 64-bit value: milliseconds, this driver's node number and a counter. */
        TIME
    }
}
