package io.shardjdbc.replica;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Picks the replica of a shard that serves one read, among the usable ones. Thread-safe. */
public interface Balancer {
    /**
     * @param shard      the shard index (balancers may keep state per shard)
     * @param candidates the usable replicas, never empty
     */
    ReplicaNode pick(int shard, List<ReplicaNode> candidates);

    /** The balancer named in {@code reads.balancer}. */
    static Balancer named(String name, int shards) {
        return switch (name) {
            case "round-robin" -> new RoundRobin(shards);
            case "weighted-random" -> new WeightedRandom();
            case "least-in-flight" -> new LeastInFlight(shards);
            default -> throw new IllegalArgumentException("unknown balancer " + name);
        };
    }

    /** Each shard's usable replicas in turn. */
    final class RoundRobin implements Balancer {
        private final AtomicLong[] next;

        RoundRobin(int shards) {
            next = new AtomicLong[shards];
            for (int i = 0; i < shards; i++) next[i] = new AtomicLong();
        }

        @Override
        public ReplicaNode pick(int shard, List<ReplicaNode> candidates) {
            return candidates.get((int) Math.floorMod(next[shard].getAndIncrement(), (long) candidates.size()));
        }
    }

    /** A replica at random, in proportion to its {@code weight}. */
    final class WeightedRandom implements Balancer {
        @Override
        public ReplicaNode pick(int shard, List<ReplicaNode> candidates) {
            int total = 0;
            for (ReplicaNode n : candidates) total += n.weight();
            int r = ThreadLocalRandom.current().nextInt(total);
            for (ReplicaNode n : candidates) {
                r -= n.weight();
                if (r < 0) return n;
            }
            return candidates.get(candidates.size() - 1);
        }
    }

    /** The replica running the fewest statements of this driver now; ties in turn. */
    final class LeastInFlight implements Balancer {
        private final RoundRobin ties;

        LeastInFlight(int shards) {
            ties = new RoundRobin(shards);
        }

        @Override
        public ReplicaNode pick(int shard, List<ReplicaNode> candidates) {
            int least = Integer.MAX_VALUE;
            for (ReplicaNode n : candidates) least = Math.min(least, n.inFlight());
            final int min = least;
            List<ReplicaNode> idle = candidates.stream().filter(n -> n.inFlight() == min).toList();
            return idle.size() == 1 ? idle.get(0) : ties.pick(shard, idle);
        }
    }
}
