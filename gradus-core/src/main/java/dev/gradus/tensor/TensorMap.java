package dev.gradus.tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Tensors keyed by name, in insertion order: the parameters of a model, their gradients, or one slot
 * of optimizer state. Names are hierarchical by convention ({@code encoder.0.weight}).
 *
 * <p>Everything that pairs parameters with gradients or state pairs them by name, never by position,
 * so that reordering or adding parameters cannot silently mismatch them.
 */
public final class TensorMap {
    private final LinkedHashMap<String, Tensor> entries;

    private TensorMap(LinkedHashMap<String, Tensor> entries) {
        this.entries = entries;
    }

    /** An empty map. */
    public TensorMap() {
        this(new LinkedHashMap<>());
    }

    /** A map holding the given entries (the tensors are not copied). */
    public static TensorMap of(Map<String, Tensor> entries) {
        TensorMap m = new TensorMap();
        entries.forEach(m::put);
        return m;
    }

    /** A map of one entry. */
    public static TensorMap of(String name, Tensor t) {
        return new TensorMap().put(name, t);
    }

    /** Adds or replaces an entry; returns this map. */
    public TensorMap put(String name, Tensor tensor) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("TensorMap: parameter name must be non-empty");
        }
        if (tensor == null) {
            throw new IllegalArgumentException("TensorMap: tensor for '" + name + "' is null");
        }
        entries.put(name, tensor);
        return this;
    }

    /** The tensor named {@code name}; an error lists the names present when it is missing. */
    public Tensor get(String name) {
        Tensor t = entries.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "'; names are " + entries.keySet());
        }
        return t;
    }

    /** True when an entry named {@code name} exists. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The names, in insertion order (unmodifiable). */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The tensors, in name order (unmodifiable). */
    public List<Tensor> tensors() {
        return List.copyOf(entries.values());
    }

    /** The number of entries. */
    public int size() {
        return entries.size();
    }

    /** The total number of scalars over all entries. */
    public long numel() {
        long n = 0;
        for (Tensor t : entries.values()) {
            n += t.size();
        }
        return n;
    }

    /** Visits entries in order. */
    public void forEach(BiConsumer<String, Tensor> action) {
        entries.forEach(action);
    }

    /** A read-only view as a map. */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(entries);
    }

    /** Deep copy: new arrays, same names and shapes. */
    public TensorMap copy() {
        TensorMap m = new TensorMap();
        entries.forEach((k, v) -> m.put(k, v.copy()));
        return m;
    }

    /** Zeros with the same names and shapes. */
    public TensorMap zerosLike() {
        TensorMap m = new TensorMap();
        entries.forEach((k, v) -> m.put(k, Tensor.zerosLike(v)));
        return m;
    }

    /**
     * Checks that {@code other} has exactly the same names and shapes, and otherwise throws an error
     * that lists the missing, extra and wrongly-shaped names.
     */
    public void requireSameStructure(String what, TensorMap other) {
        StringBuilder missing = new StringBuilder();
        StringBuilder shapes = new StringBuilder();
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            Tensor o = other.entries.get(e.getKey());
            if (o == null) {
                missing.append(missing.length() == 0 ? "" : ", ").append(e.getKey());
            } else if (!o.sameShape(e.getValue())) {
                shapes.append(shapes.length() == 0 ? "" : ", ").append(e.getKey()).append(" expected ")
                        .append(Arrays.toString(e.getValue().shape())).append(" got ").append(Arrays.toString(o.shape()));
            }
        }
        StringBuilder extra = new StringBuilder();
        for (String k : other.entries.keySet()) {
            if (!entries.containsKey(k)) {
                extra.append(extra.length() == 0 ? "" : ", ").append(k);
            }
        }
        if (missing.length() + shapes.length() + extra.length() > 0) {
            StringBuilder msg = new StringBuilder(what).append(": parameters do not match");
            if (missing.length() > 0) {
                msg.append("; missing: ").append(missing);
            }
            if (extra.length() > 0) {
                msg.append("; extra: ").append(extra);
            }
            if (shapes.length() > 0) {
                msg.append("; wrong shape: ").append(shapes);
            }
            throw new IllegalArgumentException(msg.toString());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TensorMap{");
        entries.forEach((k, v) -> sb.append(sb.length() > 10 ? ", " : "").append(k).append('=')
                .append(Arrays.toString(v.shape())));
        return sb.append('}').toString();
    }
}
