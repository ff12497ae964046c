package io.shardjdbc.benchmarks;

import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.strategy.StableHash;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Key to bucket: canonical text and the stable hash, per key type. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HashBenchmark {
    private int i;
    private final UUID uuid = UUID.fromString("0b6b7a3c-1c1e-4a2b-9f6e-2d5f1c3e4a5b");

    @Benchmark
    public int intKey() throws SQLException {
        return StableHash.bucket(KeyType.AUTO.canonical(i++), 1024);
    }

    @Benchmark
    public int longKey() throws SQLException {
        return StableHash.bucket(KeyType.AUTO.canonical(5_000_000_000L + i++), 1024);
    }

    @Benchmark
    public int stringKey() throws SQLException {
        return StableHash.bucket(KeyType.AUTO.canonical("customer-" + (i++ & 1023)), 1024);
    }

    @Benchmark
    public int uuidKey() throws SQLException {
        return StableHash.bucket(KeyType.AUTO.canonical(uuid), 1024);
    }
}
