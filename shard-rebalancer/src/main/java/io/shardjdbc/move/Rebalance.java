package io.shardjdbc.move;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads a bucket map evenly over a list of shards moving as few buckets as possible: every listed
 * shard ends with {@code buckets / shards} buckets or one more (the shards that already hold the most
 * get the extra ones), buckets on shards not listed all move, and a shard keeps every bucket it may.
 */
public final class Rebalance {
    /** Buckets that go from one shard to another: one move. */
    public record Transfer(String source, String target, Buckets buckets) { }

    private Rebalance() { }

    /** The bucket map after spreading {@code map} (bucket i on shard map[i]) over {@code shards}. */
    public static List<String> spread(List<String> map, List<String> shards) {
        if (shards.isEmpty()) throw new IllegalArgumentException("no shards to spread over");
        Map<String, Integer> count = new LinkedHashMap<>();
        for (String s : shards) count.put(s, 0);
        for (String s : map) count.computeIfPresent(s, (k, v) -> v + 1);
        List<String> bySize = new ArrayList<>(shards);
        bySize.sort(Comparator.comparing((String s) -> -count.get(s)).thenComparing(shards::indexOf));
        Map<String, Integer> quota = new LinkedHashMap<>();
        int base = map.size() / shards.size();
        int extra = map.size() % shards.size();
        for (int i = 0; i < bySize.size(); i++) quota.put(bySize.get(i), base + (i < extra ? 1 : 0));

        List<String> out = new ArrayList<>(map);
        Map<String, Integer> kept = new LinkedHashMap<>();
        Deque<Integer> free = new ArrayDeque<>();
        for (int b = 0; b < out.size(); b++) {
            String s = out.get(b);
            Integer q = quota.get(s);
            int k = kept.getOrDefault(s, 0);
            if (q != null && k < q) kept.put(s, k + 1);
            else free.add(b);
        }
        for (String s : shards) {
            int need = quota.get(s) - kept.getOrDefault(s, 0);
            for (int i = 0; i < need; i++) out.set(free.poll(), s);
        }
        return out;
    }

    /** What moves between two bucket maps, one transfer per (source, target) pair in the order first met. */
    public static List<Transfer> transfers(List<String> before, List<String> after) {
        Map<String, BitSet> pairs = new LinkedHashMap<>();
        for (int b = 0; b < before.size(); b++) {
            if (!before.get(b).equals(after.get(b))) {
                pairs.computeIfAbsent(before.get(b) + "\u0000" + after.get(b), k -> new BitSet()).set(b);
            }
        }
        List<Transfer> out = new ArrayList<>();
        pairs.forEach((k, set) -> {
            String[] st = k.split("\u0000");
            out.add(new Transfer(st[0], st[1], new Buckets(set)));
        });
        return out;
    }
}
