package dev.gradus.lab;

import dev.gradus.lab.experiments.AdampScaleInvariance;
import dev.gradus.lab.experiments.CoherentGradients;
import dev.gradus.lab.experiments.DiffGradFriction;
import dev.gradus.lab.experiments.DynamicalStability;
import dev.gradus.lab.experiments.IclByGd;
import dev.gradus.lab.experiments.LrPerceptron;
import dev.gradus.lab.experiments.LsaOneStepGd;
import dev.gradus.lab.experiments.MatrixSensing;
import dev.gradus.lab.experiments.SamSharpness;
import dev.gradus.lab.experiments.XorGrokking;
import java.util.ArrayList;
import java.util.List;

/**
 * Every experiment of the lab, in report order. Adding an experiment means adding its class and one line to
 * {@link #all()}; nothing else changes.
 */
public final class ExperimentRegistry {
    private ExperimentRegistry() {}

    /** All experiments, in report order; each call returns new instances. */
    public static List<Experiment> all() {
        return List.of(
                new MatrixSensing(),
                new LrPerceptron(),
                new LsaOneStepGd(),
                new IclByGd(),
                new DynamicalStability(),
                new AdampScaleInvariance(),
                new DiffGradFriction(),
                new SamSharpness(),
                new XorGrokking(),
                new CoherentGradients());
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
