package dev.gradus.train;

import dev.gradus.nn.Activation;
import dev.gradus.nn.Conv2d;
import dev.gradus.nn.Dropout;
import dev.gradus.nn.Flatten;
import dev.gradus.nn.Linear;
import dev.gradus.nn.MaxPool2d;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.spec.SpecException;
import dev.gradus.optim.spec.SpecParser;
import dev.gradus.optim.spec.SpecPrinter;
import dev.gradus.optim.spec.SpecValue;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model described in one line of the spec language that optimizers use (parsed by the same
 * {@link SpecParser}), for configs and {@code gradus train --model}:
 *
 * <ul>
 *   <li>{@code logistic(bias=true)}: one {@link Linear} layer from the features to one logit per class
 *       (multinomial logistic regression under cross-entropy).</li>
 *   <li>{@code mlp(hidden=(128, 128), activation=relu, batch_norm=false, layer_norm=false, dropout=0.0)}: an
 *       {@link Mlp}, each hidden layer {@code Linear -> [norm] -> activation -> [Dropout]}; activation is one
 *       of relu, tanh, sigmoid, gelu, softplus.</li>
 *   <li>{@code cnn(channels=(16, 32), kernel_size=3, hidden=(128,), activation=relu, dropout=0.0)}: for image
 *       samples {@code [C, H, W]}, one block per channel count ({@code Conv2d} with same padding, activation,
 *       {@code MaxPool2d(2)}), then {@code Flatten}, hidden {@code Linear} layers with the activation and
 *       dropout, and a {@code Linear} output layer.</li>
 * </ul>
 *
 * Every keyword has a default, so {@code mlp} alone is a model. Unknown names and keywords, wrong types and
 * values out of range are {@link SpecException}s that point at the place in the text and say what is
 * allowed. {@link #toString()} prints the spec with every keyword written out, and parses back to an equal
 * spec.
 */
public final class ModelSpec {
    private static final List<String> KINDS = List.of("logistic", "mlp", "cnn");
    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "gelu", "softplus");

    private final String kind;
    private final Map<String, Object> options;

    private ModelSpec(String kind, Map<String, Object> options) {
        this.kind = kind;
        this.options = options;
    }

    /** Parses and validates a model spec. */
    public static ModelSpec parse(String text) {
        SpecValue v = SpecParser.parse(text);
        try {
            if (!(v instanceof SpecValue.Call c)) {
                throw new SpecException("expected a model such as mlp(hidden=(128, 128)); models are "
                        + String.join(", ", KINDS), v.pos());
            }
            if (!KINDS.contains(c.name())) {
                throw new SpecException("unknown model '" + c.name() + "'; models are " + String.join(", ", KINDS),
                        c.pos());
            }
            if (!c.args().isEmpty()) {
                throw new SpecException(c.name() + " takes keyword arguments only; write name=value with name one of "
                        + String.join(", ", defaults(c.name()).keySet()), c.args().get(0).pos());
            }
            Map<String, Object> options = defaults(c.name());
            for (SpecValue.Kwarg kw : c.kwargs()) {
                Object def = options.get(kw.name());
                if (def == null) {
                    throw new SpecException("unknown keyword '" + kw.name() + "' for " + c.name() + "; allowed: "
                            + String.join(", ", options.keySet()), kw.pos());
                }
                options.put(kw.name(), convert(c.name(), kw.name(), def, kw.value()));
            }
            return new ModelSpec(c.name(), options);
        } catch (SpecException e) {
            throw e.in(text);
        }
    }

    private static Map<String, Object> defaults(String kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (kind) {
            case "logistic" -> m.put("bias", true);
            case "mlp" -> {
                m.put("hidden", List.of(128L, 128L));
                m.put("activation", "relu");
                m.put("batch_norm", false);
                m.put("layer_norm", false);
                m.put("dropout", 0.0);
            }
            case "cnn" -> {
                m.put("channels", List.of(16L, 32L));
                m.put("kernel_size", 3L);
                m.put("hidden", List.of(128L));
                m.put("activation", "relu");
                m.put("dropout", 0.0);
            }
            default -> throw new IllegalArgumentException("unknown model kind " + kind);
        }
        return m;
    }

    private static Object convert(String kind, String key, Object def, SpecValue v) {
        String where = key + " of " + kind;
        switch (def) {
            case Boolean b -> {
                if (v instanceof SpecValue.Bool x) {
                    return x.value();
                }
                throw new SpecException("wrong type for " + where + ": got " + SpecPrinter.print(v)
                        + "; expected true or false", v.pos());
            }
            case Long l -> {
                if (v instanceof SpecValue.Int x && x.value() > 0 && x.value() <= 1 << 16) {
                    return x.value();
                }
                throw new SpecException("wrong value for " + where + ": got " + SpecPrinter.print(v)
                        + "; expected a positive integer", v.pos());
            }
            case Double d -> {
                double x = v instanceof SpecValue.Num n ? n.value() : v instanceof SpecValue.Int i ? i.value() : -1;
                if ((v instanceof SpecValue.Num || v instanceof SpecValue.Int) && x >= 0 && x < 1) {
                    return x;
                }
                throw new SpecException("wrong value for " + where + ": got " + SpecPrinter.print(v)
                        + "; expected a probability in [0, 1)", v.pos());
            }
            case String s -> {
                // A bare name such as relu parses as a call without arguments; a quoted string is fine too.
                String name = v instanceof SpecValue.Str x ? x.value()
                        : v instanceof SpecValue.Call x && x.args().isEmpty() && x.kwargs().isEmpty() ? x.name() : null;
                if (name != null && ACTIVATIONS.contains(name.toLowerCase(Locale.ROOT))) {
                    return name.toLowerCase(Locale.ROOT);
                }
                throw new SpecException("wrong value for " + where + ": got " + SpecPrinter.print(v) + "; expected one of "
                        + String.join(", ", ACTIVATIONS), v.pos());
            }
            case List<?> list -> {
                List<SpecValue> items = v instanceof SpecValue.Tuple t ? t.items() : List.of(v);
                List<Long> out = new ArrayList<>();
                for (SpecValue item : items) {
                    if (!(item instanceof SpecValue.Int x) || x.value() <= 0 || x.value() > 1 << 16) {
                        throw new SpecException("wrong value for " + where + ": got " + SpecPrinter.print(item)
                                + "; expected a tuple of positive integers such as (128, 128)", item.pos());
                    }
                    out.add(x.value());
                }
                if (out.isEmpty() && key.equals("channels")) {
                    throw new SpecException(where + " needs at least one channel count", v.pos());
                }
                return List.copyOf(out);
            }
            default -> throw new IllegalStateException("unexpected default " + def);
        }
    }

    /** {@code logistic}, {@code mlp} or {@code cnn}. */
    public String kind() {
        return kind;
    }

    /**
     * The shape one sample is fed to the model in: the flat features {@code [d]} for logistic and mlp, the
     * image {@code [C, H, W]} for cnn (a flat sample of a square number of features is taken as one
     * channel).
     *
     * @throws IllegalArgumentException when a cnn gets samples that are not images
     */
    public int[] inputShape(int[] sampleShape) {
        int d = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        if (!kind.equals("cnn")) {
            return new int[] {d};
        }
        if (sampleShape.length == 3) {
            return sampleShape.clone();
        }
        int side = (int) Math.round(Math.sqrt(d));
        if (sampleShape.length == 1 && side * side == d) {
            return new int[] {1, side, side};
        }
        throw new IllegalArgumentException("model " + this + ": a cnn needs image samples [C, H, W], but the samples"
                + " have shape " + Arrays.toString(sampleShape));
    }

    /**
     * Builds the model for samples of {@code sampleShape} and {@code outputs} outputs (one per class), drawing
     * the initial weights from {@code rng} (dropout streams are forked from it by name).
     */
    public Module build(int[] sampleShape, int outputs, RandomStream rng) {
        int[] in = inputShape(sampleShape);
        return switch (kind) {
            case "logistic" -> new Sequential(new Linear(in[0], outputs, flag("bias"), rng));
            case "mlp" -> Mlp.builder(in[0]).hidden(ints("hidden")).outputs(outputs)
                    .activation(Activation.of((String) options.get("activation")))
                    .norm(flag("batch_norm") ? Mlp.Norm.BATCH : flag("layer_norm") ? Mlp.Norm.LAYER : Mlp.Norm.NONE)
                    .dropout((Double) options.get("dropout")).build(rng);
            case "cnn" -> cnn(in, outputs, rng);
            default -> throw new IllegalStateException(kind);
        };
    }

    private Module cnn(int[] in, int outputs, RandomStream rng) {
        Activation act = Activation.of((String) options.get("activation"));
        int k = Math.toIntExact((Long) options.get("kernel_size"));
        double p = (Double) options.get("dropout");
        RandomStream dropoutRoot = rng.fork("dropout");
        List<Module> layers = new ArrayList<>();
        int c = in[0];
        int h = in[1];
        int w = in[2];
        for (int out : ints("channels")) {
            layers.add(new Conv2d(c, out, k, 1, k / 2, true, rng));
            layers.add(act.create());
            if (h < 2 || w < 2) {
                throw new IllegalArgumentException("model " + this + ": a " + in[1] + "x" + in[2] + " image is too small"
                        + " for " + ints("channels").length + " pooling steps");
            }
            layers.add(new MaxPool2d(2));
            c = out;
            h = (h + 2 * (k / 2) - k + 1) / 2;
            w = (w + 2 * (k / 2) - k + 1) / 2;
        }
        layers.add(new Flatten());
        int width = c * h * w;
        int i = 0;
        for (int hid : ints("hidden")) {
            layers.add(new Linear(width, hid, rng));
            layers.add(act.create());
            if (p > 0) {
                layers.add(new Dropout(p, dropoutRoot.fork(Integer.toString(i))));
            }
            width = hid;
            i++;
        }
        layers.add(new Linear(width, outputs, rng));
        return new Sequential(layers);
    }

    private boolean flag(String key) {
        return (Boolean) options.get(key);
    }

    private int[] ints(String key) {
        List<?> l = (List<?>) options.get(key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact((Long) l.get(i));
        }
        return out;
    }

    /** The spec with every keyword written out, such as {@code mlp(hidden=(128, 128), activation=relu, ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind).append('(');
        options.forEach((k, v) -> {
            sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(k).append('=');
            // A choice is written as a bare name (activation=relu), as users write it.
            sb.append(v instanceof String s ? s : SpecPrinter.print(value(k, v)));
        });
        return sb.append(')').toString();
    }

    private static SpecValue value(String key, Object v) {
        return switch (v) {
            case Boolean b -> new SpecValue.Bool(b);
            case Long l -> new SpecValue.Int(l);
            case Double d -> new SpecValue.Num(d);
            case List<?> l -> new SpecValue.Tuple(l.stream().map(x -> (SpecValue) new SpecValue.Int((Long) x)).toList());
            default -> throw new IllegalStateException(key + "=" + v);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && m.kind.equals(kind) && m.options.equals(options);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + options.hashCode();
    }
}
