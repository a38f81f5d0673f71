package dev.gradus.train;

import java.util.List;
import java.util.Map;

/**
 * Logs optimizer hyperparameters at the end of every epoch, read by name from the optimizer's state with
 * {@link dev.gradus.optim.GradientTransformation#hyperparams}: the values the next update will use, so a
 * schedule shows where it is. They become columns of {@code metrics.csv}.
 *
 * <p>By default every hyperparameter named {@code lr} is logged ({@code lr}, or {@code 1/lr} inside a chain);
 * {@link #of} names others, such as {@code weight_decay} or {@code betas/0}.
 */
public final class LearningRateLogger implements Callback {
    private final List<String> names;

    /** Logs every learning rate. */
    public LearningRateLogger() {
        this.names = List.of();
    }

    private LearningRateLogger(List<String> names) {
        this.names = List.copyOf(names);
    }

    /** Logs the hyperparameters with exactly these names. */
    public static LearningRateLogger of(String... names) {
        return new LearningRateLogger(List.of(names));
    }

    @Override
    public void addMetrics(TrainingContext ctx, Map<String, Double> extras) {
        Map<String, Double> values = ctx.optimizer().hyperparams(ctx.optimizerState());
        if (names.isEmpty()) {
            values.forEach((name, v) -> {
                if (name.equals("lr") || name.endsWith("/lr")) {
                    extras.put(name, v);
                }
            });
            return;
        }
        for (String name : names) {
            Double v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("learning-rate logger: the optimizer has no hyperparameter '" + name
                        + "'; it has " + String.join(", ", values.keySet()));
            }
            extras.put(name, v);
        }
    }
}
