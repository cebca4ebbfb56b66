package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The typed store of one run. Keys are written once; list contributions are kept in task order. */
final class Store {

    /** A list contribution with its place: phase, task order inside the phase, order inside the task. */
    private record Contribution(int phase, int task, int seq, Object value) {
    }

    private final Map<Key<?>, Object> values = new HashMap<>();
    private final Map<Key<?>, String> writers = new HashMap<>();
    private final Map<ListKey<?>, List<Contribution>> lists = new HashMap<>();

    <T> void put(Key<T> key, T value, String writer) {
        String previous = writers.putIfAbsent(key, writer);
        if (previous != null) {
            throw new IllegalStateException("key " + key.name() + " is written by both " + previous + " and " + writer);
        }
        values.put(key, key.type().cast(value));
    }

    <T> Optional<T> find(Key<T> key) {
        return Optional.ofNullable(values.get(key)).map(key.type()::cast);
    }

    <T> void add(ListKey<T> key, T value, int phase, int task, int seq) {
        lists.computeIfAbsent(key, k -> new ArrayList<>()).add(new Contribution(phase, task, seq, key.type().cast(value)));
    }

    <T> List<T> get(ListKey<T> key) {
        List<Contribution> all = new ArrayList<>(lists.getOrDefault(key, List.of()));
        all.sort(Comparator.comparingInt(Contribution::phase).thenComparingInt(Contribution::task)
                .thenComparingInt(Contribution::seq));
        return all.stream().map(c -> key.type().cast(c.value())).toList();
    }
}
