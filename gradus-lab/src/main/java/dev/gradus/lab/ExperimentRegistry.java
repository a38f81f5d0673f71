package dev.gradus.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every experiment on the class path, found by {@link ServiceLoader}: each module lists its experiments in
 * {@code META-INF/services/dev.gradus.lab.Experiment}, one class name per line, in report order. Adding an
 * experiment means writing its class and adding that one line; nothing else changes.
 */
public final class ExperimentRegistry {
    private ExperimentRegistry() {}

    /**
     * All experiments, in the order of the service files on the class path and of the lines within each; each
     * call returns new instances.
     *
     * @throws IllegalStateException when two experiments share an id, naming both classes
     */
    public static List<Experiment> all() {
        Map<String, Experiment> byId = new LinkedHashMap<>();
        for (Experiment e : ServiceLoader.load(Experiment.class, ExperimentRegistry.class.getClassLoader())) {
            Experiment before = byId.putIfAbsent(e.id(), e);
            if (before != null) {
                throw new IllegalStateException("experiment id '" + e.id() + "' is registered twice: by "
                        + before.getClass().getName() + " and by " + e.getClass().getName());
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** The experiments with the given ids, in the order given. */
    public static List<Experiment> select(List<String> ids) {
        List<Experiment> all = all();
        List<Experiment> out = new ArrayList<>();
        for (String id : ids) {
            Experiment found = null;
            for (Experiment e : all) {
                if (e.id().equals(id)) {
                    found = e;
                }
            }
            if (found == null) {
                List<String> known = new ArrayList<>();
                all.forEach(e -> known.add(e.id()));
                throw new IllegalArgumentException("unknown experiment '" + id + "'; known: " + String.join(", ", known));
            }
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        return out;
    }
}
