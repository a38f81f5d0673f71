package dev.gradus.optim.state;

import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimizer state as a tree of named values, walked generically over the {@link OptState} records, so
 * that every value has a stable path and no optimizer writes its own save code.
 *
 * <p>Paths join segments with {@code /}:
 * <ul>
 *   <li>a record component contributes its name ({@code count}, {@code mu});</li>
 *   <li>a {@link TensorMap} contributes the parameter name ({@code mu/layer.weight});</li>
 *   <li>a {@code List<OptState>} component (a chain) contributes only the index, and a
 *       {@code Map<String, OptState>} component (a partition) only the label: the list or map is
 *       inlined, so a chain's second Adam moment is {@code 1/mu/layer.weight}, not
 *       {@code states/1/mu/layer.weight}.</li>
 * </ul>
 * The leaves are {@link StateLeaf}s: {@link Tensor}s, {@link Counter}s, {@code MutableScalar}s,
 * {@code RandomStream}s, and whatever leaf type a module adds (an accountant's history, a compressor's
 * residual). Two different values at one path (a label equal to a component name) are an error.
 */
public final class StateTree {
    private StateTree() {}

    /** Supplies a leaf for a path while a state is rebuilt (from a file, or as a copy). */
    interface LeafSource {
        /** The value for {@code path}, whose value in the template state is {@code template}. */
        StateLeaf leaf(String path, StateLeaf template);
    }

    /** Every leaf, by path, in a fixed order (record components, then names, in declaration order). */
    public static Map<String, StateLeaf> leaves(OptState state) {
        Map<String, StateLeaf> out = new LinkedHashMap<>();
        visit(state, "", out);
        return Collections.unmodifiableMap(out);
    }

    /**
     * The bytes of every tensor in the state ({@code 8} per float64 entry): the optimizer's memory per
     * parameter, which is what methods such as FRUGAL and GaLore reduce. Counters, scalars and random streams
     * are a few bytes each and are left out, so Adam over {@code n} parameters holds {@code 16 n}.
     */
    public static long tensorBytes(OptState state) {
        long bytes = 0;
        for (StateLeaf leaf : leaves(state).values()) {
            if (leaf instanceof Tensor t) {
                bytes += (long) Double.BYTES * t.size();
            }
        }
        return bytes;
    }

    /** The paths of every leaf. */
    public static List<String> paths(OptState state) {
        return List.copyOf(leaves(state).keySet());
    }

    /**
     * The value at {@code path}, such as a {@link Tensor} or a {@link Counter}, live (writes go into the state).
     *
     * @throws IllegalArgumentException naming the path and the paths that exist under its longest valid prefix
     */
    public static StateLeaf get(OptState state, String path) {
        Map<String, StateLeaf> leaves = leaves(state);
        StateLeaf v = leaves.get(path);
        if (v == null) {
            throw new IllegalArgumentException("no state value at '" + path + "'; " + suggest(leaves, path));
        }
        return v;
    }

    /** The tensor at {@code path}. */
    public static Tensor tensor(OptState state, String path) {
        StateLeaf v = get(state, path);
        if (!(v instanceof Tensor t)) {
            throw new IllegalArgumentException("state value at '" + path + "' is a " + v.getClass().getSimpleName()
                    + ", not a tensor");
        }
        return t;
    }

    /** The step counter at {@code path}. */
    public static long counter(OptState state, String path) {
        StateLeaf v = get(state, path);
        if (!(v instanceof Counter c)) {
            throw new IllegalArgumentException("state value at '" + path + "' is a " + v.getClass().getSimpleName()
                    + ", not a counter");
        }
        return c.get();
    }

    /** A deep copy: same structure, every leaf copied ({@link StateLeaf#copy}). */
    public static OptState copy(OptState state) {
        return (OptState) rebuild(state, "", (path, template) -> template.copy());
    }

    /**
     * Sets every leaf of {@code target} to the value at the same path in {@code source}, in place, so that
     * whoever holds {@code target}'s tensors sees the new values (for resetting a sub-state).
     *
     * @throws IllegalArgumentException when the two states do not have the same paths
     */
    public static void restore(OptState target, OptState source) {
        Map<String, StateLeaf> from = leaves(source);
        Map<String, StateLeaf> to = leaves(target);
        if (!from.keySet().equals(to.keySet())) {
            throw new IllegalArgumentException("restore: the states differ in structure: " + to.keySet() + " vs "
                    + from.keySet());
        }
        from.forEach((path, v) -> to.get(path).restore(v));
    }

    /** The same tree with every leaf taken from {@code source}; records are rebuilt by their canonical constructor. */
    static OptState rebuild(OptState template, LeafSource source) {
        return (OptState) rebuild(template, "", source);
    }

    private static String join(String prefix, String segment) {
        return prefix.isEmpty() ? segment : prefix + "/" + segment;
    }

    private static void visit(Object node, String path, Map<String, StateLeaf> out) {
        switch (node) {
            case null -> throw new IllegalStateException("state has a null value at '" + path + "'");
            case StateLeaf l -> put(out, path, l);
            case TensorMap m -> m.forEach((name, t) -> put(out, join(path, name), t));
            case Record r -> {
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    Object v = read(r, c);
                    if (v instanceof List<?> l) {
                        for (int k = 0; k < l.size(); k++) {
                            visit(l.get(k), join(path, Integer.toString(k)), out);
                        }
                    } else if (v instanceof Map<?, ?> m) {
                        for (Map.Entry<?, ?> e : m.entrySet()) {
                            visit(e.getValue(), join(path, (String) e.getKey()), out);
                        }
                    } else {
                        visit(v, join(path, c.getName()), out);
                    }
                }
            }
            default -> throw new IllegalStateException("state value at '" + path + "' has type "
                    + node.getClass().getName() + "; state records may hold only StateLeaf values (Tensor, Counter, "
                    + "MutableScalar, RandomStream, ...), TensorMap, OptState records, List<OptState> and "
                    + "Map<String, OptState>");
        }
    }

    private static void put(Map<String, StateLeaf> out, String path, StateLeaf leaf) {
        if (out.put(path, leaf) != null) {
            throw new IllegalStateException("two state values share the path '" + path
                    + "'; rename the record component or label that collides");
        }
    }

    private static Object rebuild(Object node, String path, LeafSource source) {
        return switch (node) {
            case StateLeaf l -> source.leaf(path, l);
            case TensorMap m -> {
                TensorMap copy = new TensorMap();
                m.forEach((name, t) -> copy.put(name, (Tensor) source.leaf(join(path, name), t)));
                yield copy;
            }
            case Record r -> {
                RecordComponent[] comps = r.getClass().getRecordComponents();
                Object[] values = new Object[comps.length];
                Class<?>[] types = new Class<?>[comps.length];
                for (int k = 0; k < comps.length; k++) {
                    types[k] = comps[k].getType();
                    Object v = read(r, comps[k]);
                    if (v instanceof List<?> l) {
                        List<Object> copy = new ArrayList<>(l.size());
                        for (int j = 0; j < l.size(); j++) {
                            copy.add(rebuild(l.get(j), join(path, Integer.toString(j)), source));
                        }
                        values[k] = Collections.unmodifiableList(copy);
                    } else if (v instanceof Map<?, ?> m) {
                        Map<String, Object> copy = new LinkedHashMap<>();
                        for (Map.Entry<?, ?> e : m.entrySet()) {
                            copy.put((String) e.getKey(), rebuild(e.getValue(), join(path, (String) e.getKey()), source));
                        }
                        values[k] = Collections.unmodifiableMap(copy);
                    } else {
                        values[k] = rebuild(v, join(path, comps[k].getName()), source);
                    }
                }
                try {
                    Constructor<?> ctor = r.getClass().getDeclaredConstructor(types);
                    ctor.setAccessible(true);
                    yield ctor.newInstance(values);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException("cannot rebuild state record " + r.getClass().getName() + ": "
                            + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot rebuild state record " + r.getClass().getName(), e);
                }
            }
            default -> throw new IllegalStateException("state value at '" + path + "' has type "
                    + node.getClass().getName() + ", which state records may not hold");
        };
    }

    private static Object read(Record r, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getName() + "." + c.getName(), e);
        }
    }

    private static String suggest(Map<String, StateLeaf> leaves, String path) {
        String prefix = path;
        while (!prefix.isEmpty()) {
            String p = prefix + "/";
            List<String> under = leaves.keySet().stream().filter(k -> k.startsWith(p)).limit(12).toList();
            if (!under.isEmpty()) {
                return "paths under '" + prefix + "': " + String.join(", ", under);
            }
            int cut = prefix.lastIndexOf('/');
            prefix = cut < 0 ? "" : prefix.substring(0, cut);
        }
        return "paths are: " + String.join(", ", leaves.keySet().stream().limit(20).toList())
                + (leaves.size() > 20 ? ", ... (" + leaves.size() + " in all)" : "");
    }
}
