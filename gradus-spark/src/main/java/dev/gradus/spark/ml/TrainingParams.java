package dev.gradus.spark.ml;

import dev.gradus.distributed.Aggregator;
import dev.gradus.distributed.Compressor;
import dev.gradus.optim.spec.Specs;
import dev.gradus.train.ModelSpec;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;

/**
 * The Spark ML params of a Gradus estimator, shared by {@link GradusClassifier} and {@link GradusRegressor} (Java
 * cannot mix in a Scala params trait, so each estimator holds one of these and exposes its params through the
 * default methods of {@link HasTrainingParams}, which Spark finds by reflection):
 *
 * <ul>
 *   <li>{@code modelSpec}: the model in the spec language, default {@value #MODEL};</li>
 *   <li>{@code optimizer}: the optimizer spec, default {@value #OPTIMIZER};</li>
 *   <li>{@code epochs}: passes over the data, default {@value #EPOCHS};</li>
 *   <li>{@code batchSize}: each worker's examples per round, default {@value #BATCH_SIZE};</li>
 *   <li>{@code seed}: the initial weights, the data order and every worker's stream, default 0;</li>
 *   <li>{@code workers}: data-parallel workers, default 0 (one per partition of the training DataFrame);</li>
 *   <li>{@code compressor}, {@code aggregator}: gradus-distributed specs, defaults {@code none} and
 *       {@code mean};</li>
 *   <li>{@code engine}: {@code spark} (the default: the rounds run on the DataFrame's Spark context) or
 *       {@code local} (on the driver's threads); both give the same bits.</li>
 * </ul>
 *
 * Spec strings are checked when set through a setter and again when fitting (a param map may bypass the
 * setter), so a bad spec fails with gradus's message naming the param.
 */
public final class TrainingParams {
    static final String MODEL = "mlp(hidden=(64,))";
    static final String OPTIMIZER = "adam(lr=1e-3)";
    static final int EPOCHS = 10;
    static final int BATCH_SIZE = 32;

    final Param<String> modelSpec;
    final Param<String> optimizer;
    final IntParam epochs;
    final IntParam batchSize;
    final LongParam seed;
    final IntParam workers;
    final Param<String> compressor;
    final Param<String> aggregator;
    final Param<String> engine;

    TrainingParams(String uid) {
        modelSpec = new Param<>(uid, "modelSpec", "the model in gradus's spec language, such as mlp(hidden=(64,))"
                + " or logistic");
        optimizer = new Param<>(uid, "optimizer", "the optimizer in gradus's spec language, such as adam(lr=1e-3)");
        epochs = new IntParam(uid, "epochs", "passes over the training data (at least 1)");
        batchSize = new IntParam(uid, "batchSize", "each worker's examples per round (at least 1)");
        seed = new LongParam(uid, "seed", "the seed of the initial weights, the data order and the workers' streams");
        workers = new IntParam(uid, "workers", "data-parallel workers; 0 for one per partition of the training data");
        compressor = new Param<>(uid, "compressor", "each worker's gradient compressor (gradus-distributed spec),"
                + " such as none or topk(density=0.01)");
        aggregator = new Param<>(uid, "aggregator", "the server's aggregator (gradus-distributed spec), such as mean"
                + " or trimmed_mean(f=1)");
        engine = new Param<>(uid, "engine", "where the rounds run: spark (on the DataFrame's Spark context) or local"
                + " (on the driver's threads); both give the same bits");
    }

    /** The defaults, as param pairs for {@code setDefault}. */
    List<ParamPair<?>> defaults() {
        return List.of(modelSpec.w(MODEL), optimizer.w(OPTIMIZER), epochs.w(EPOCHS), batchSize.w(BATCH_SIZE),
                seed.w(0L), workers.w(0), compressor.w("none"), aggregator.w("mean"), engine.w("spark"));
    }

    /** The settings of a fit, read from {@code owner} (which holds these params) and checked. */
    FitSettings settings(Params owner) {
        FitSettings s = new FitSettings(owner.getOrDefault(modelSpec), owner.getOrDefault(optimizer),
                (Integer) owner.getOrDefault(epochs), (Integer) owner.getOrDefault(batchSize),
                (Long) owner.getOrDefault(seed), (Integer) owner.getOrDefault(workers),
                owner.getOrDefault(compressor), owner.getOrDefault(aggregator), engine(owner.getOrDefault(engine)));
        check(modelSpec, s.modelSpec());
        check(optimizer, s.optimizer());
        check(compressor, s.compressor());
        check(aggregator, s.aggregator());
        positive(epochs, s.epochs());
        positive(batchSize, s.batchSize());
        if (s.workers() < 0) {
            throw new IllegalArgumentException(name(workers) + "=" + s.workers()
                    + " must be 0 (one worker per partition) or more");
        }
        return s;
    }

    /** Checks a spec value for {@code param}, with gradus's message and the param's name. */
    static String check(Param<String> param, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name(param) + " is empty; expected a spec such as "
                    + example(param.name()));
        }
        try {
            switch (param.name()) {
                case "modelSpec" -> ModelSpec.parse(value);
                case "optimizer" -> Specs.transformation(value);
                case "compressor" -> Compressor.COMPRESSORS.parse(value);
                case "aggregator" -> Aggregator.AGGREGATORS.parse(value);
                default -> throw new IllegalStateException("not a spec param: " + param.name());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name(param) + " '" + value + "': " + e.getMessage(), e);
        }
        return value;
    }

    /** Checks an engine name. */
    static String engine(String value) {
        if (!"spark".equals(value) && !"local".equals(value)) {
            throw new IllegalArgumentException("Gradus param engine '" + value + "': expected spark or local");
        }
        return value;
    }

    /** Checks that an integer value for {@code param} is at least 1. */
    static int positive(IntParam param, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name(param) + "=" + value + " must be at least 1");
        }
        return value;
    }

    private static String name(Param<?> p) {
        return "Gradus param " + p.name();
    }

    private static String example(String name) {
        return switch (name) {
            case "modelSpec" -> MODEL;
            case "optimizer" -> OPTIMIZER;
            case "compressor" -> "none";
            default -> "mean";
        };
    }
}
