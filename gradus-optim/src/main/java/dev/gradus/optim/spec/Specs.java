package dev.gradus.optim.spec;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptimizerRegistry;
import dev.gradus.optim.Schedule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds optimizers, transforms and schedules from spec text, and prints them back.
 *
 * <pre>{@code
 * GradientTransformation opt = Specs.transformation(
 *         "chain(clip_by_global_norm(max_norm=1.0), sgd(lr=cosine(init=0.1, steps=1000), momentum=0.9, nesterov=true))");
 * Specs.print(opt);   // the same spec with every hyperparameter written out
 * }</pre>
 *
 * <p>Names are looked up in {@link OptimizerRegistry}. Every error is a {@link SpecException} that says
 * what was wrong (unknown name, unknown keyword, wrong type, out of range, missing), the column with a
 * caret under it, and what is allowed there.
 */
public final class Specs {
    private Specs() {}

    /** Parses and builds an optimizer, transform or wrapper. */
    public static GradientTransformation transformation(String text) {
        SpecValue v = SpecParser.parse(text);
        try {
            return transformation(v);
        } catch (SpecException e) {
            throw e.in(text);
        }
    }

    /** Parses and builds a schedule (a number is a constant schedule). */
    public static Schedule schedule(String text) {
        SpecValue v = SpecParser.parse(text);
        try {
            return schedule(v);
        } catch (SpecException e) {
            throw e.in(text);
        }
    }

    /** Builds an optimizer, transform or wrapper from a parsed spec. */
    public static GradientTransformation transformation(SpecValue v) {
        if (!(v instanceof SpecValue.Call c)) {
            throw new SpecException("expected an optimizer or transform such as adam(lr=1e-3), got "
                    + SpecPrinter.print(v), v.pos());
        }
        return (GradientTransformation) build(c, true);
    }

    /** Builds a schedule from a parsed spec. */
    public static Schedule schedule(SpecValue v) {
        if (v instanceof SpecValue.Num || v instanceof SpecValue.Int) {
            return Schedule.constant(number(v));
        }
        if (!(v instanceof SpecValue.Call c)) {
            throw new SpecException("expected a number or a schedule such as cosine(init=0.1, steps=1000), got "
                    + SpecPrinter.print(v), v.pos());
        }
        return (Schedule) build(c, false);
    }

    /** The canonical spec text of an optimizer, transform or schedule. */
    public static String print(Object o) {
        if (o instanceof SpecForm f) {
            return SpecPrinter.print(f.spec());
        }
        throw new IllegalArgumentException(o.getClass().getName() + " has no spec form; only registered optimizers, "
                + "transforms and schedules can be printed");
    }

    /** True when {@code o} can be printed as a spec (all the way down). */
    public static boolean printable(Object o) {
        try {
            print(o);
            return true;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    /** The canonical form of a spec: parse, build, print. Defaults are written out. */
    public static String canonical(String text) {
        return print(transformation(text));
    }

    private static Object build(SpecValue.Call c, boolean wantTransformation) {
        Descriptor<?> d = OptimizerRegistry.find(c.name()).orElse(null);
        String kindWord = wantTransformation ? "optimizer or transform" : "schedule";
        if (d == null) {
            List<String> known = OptimizerRegistry.names(wantTransformation);
            String hint = closest(c.name(), known);
            throw new SpecException("unknown " + kindWord + " '" + c.name() + "'" + (hint == null ? "" : " (did you mean "
                    + hint + "?)") + "; known: " + String.join(", ", known), c.pos());
        }
        if (d.kind().isTransformation() != wantTransformation) {
            String is = switch (d.kind()) {
                case OPTIMIZER -> "an optimizer";
                case TRANSFORM -> "a transform";
                case WRAPPER -> "a wrapper";
                case SCHEDULE -> "a schedule";
                case COMPONENT -> "a " + d.family();
            };
            throw new SpecException("'" + c.name() + "' is " + is + ", expected " + (wantTransformation ? "an " : "a ")
                    + kindWord + "; known: " + String.join(", ", OptimizerRegistry.names(wantTransformation)), c.pos());
        }
        return create(d, c);
    }

    /** Validates the call's arguments against {@code d}'s hyperparameters and builds it. */
    static Object create(Descriptor<?> d, SpecValue.Call c) {
        Hyperparams hp = d.defaults();
        Set<String> given = new HashSet<>();
        List<Param> positional = d.params().stream().filter(Param::positional).toList();
        int next = 0;
        for (int k = 0; k < c.args().size(); k++) {
            SpecValue a = c.args().get(k);
            if (next >= positional.size()) {
                throw new SpecException(positional.isEmpty()
                        ? d.name() + " takes keyword arguments only; write name=value with name one of " + d.paramNames()
                        : "too many positional arguments for " + d.name(), a.pos());
            }
            Param p = positional.get(next);
            if (p.type() == ParamType.TRANSFORMS) {
                List<GradientTransformation> ts = new ArrayList<>();
                for (int j = k; j < c.args().size(); j++) {
                    ts.add(transformation(c.args().get(j)));
                }
                hp = set(hp, p, ts, a.pos());
                given.add(p.name());
                break;
            }
            hp = set(hp, p, convert(d, p, a), a.pos());
            given.add(p.name());
            next++;
        }
        for (SpecValue.Kwarg kw : c.kwargs()) {
            Param p = d.param(kw.name()).orElse(null);
            if (p == null || p.type() == ParamType.TRANSFORMS) {
                String hint = closest(kw.name(), d.params().stream().map(Param::name).toList());
                throw new SpecException("unknown keyword '" + kw.name() + "' for " + d.name()
                        + (hint == null ? "" : " (did you mean " + hint + "?)") + "; allowed: " + d.paramNames(), kw.pos());
            }
            if (!given.add(p.name())) {
                throw new SpecException(d.name() + " got two values for '" + p.name() + "'", kw.pos());
            }
            hp = set(hp, p, convert(d, p, kw.value()), kw.value().pos());
        }
        for (Param p : d.params()) {
            if (p.required() && !given.contains(p.name())) {
                throw new SpecException("missing required " + (p.positional() ? "argument '" : "keyword '") + p.name()
                        + "' for " + d.name() + "; expected " + p.allowed(), c.pos());
            }
        }
        try {
            return d.create(hp);
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage(), c.pos());
        }
    }

    private static Hyperparams set(Hyperparams hp, Param p, Object value, int pos) {
        try {
            return hp.with(p.name(), value);
        } catch (IllegalArgumentException e) {
            throw new SpecException(e.getMessage(), pos);
        }
    }

    private static Object convert(Descriptor<?> d, Param p, SpecValue v) {
        return switch (p.type()) {
            case SCALAR, SCALARS, SCHEDULES -> {
                if (p.type() == ParamType.SCALAR) {
                    yield schedule(expect(d, p, v, v instanceof SpecValue.Num || v instanceof SpecValue.Int
                            || v instanceof SpecValue.Call));
                }
                List<Object> items = new ArrayList<>();
                for (SpecValue item : tuple(d, p, v)) {
                    items.add(schedule(expect(d, p, item, item instanceof SpecValue.Num || item instanceof SpecValue.Int
                            || item instanceof SpecValue.Call)));
                }
                yield items;
            }
            case DOUBLE -> number(expect(d, p, v, v instanceof SpecValue.Num || v instanceof SpecValue.Int));
            case INT -> ((SpecValue.Int) expect(d, p, v, v instanceof SpecValue.Int)).value();
            case BOOL -> ((SpecValue.Bool) expect(d, p, v, v instanceof SpecValue.Bool)).value();
            // A choice may be written bare, as a name: line_search_fn=none, activation=tanh.
            case STRING -> !p.choices().isEmpty() && v instanceof SpecValue.Call bare && bare.args().isEmpty()
                    && bare.kwargs().isEmpty() ? bare.name()
                    : ((SpecValue.Str) expect(d, p, v, v instanceof SpecValue.Str)).value();
            case DOUBLES -> tuple(d, p, v).stream()
                    .map(item -> number(expect(d, p, item, item instanceof SpecValue.Num || item instanceof SpecValue.Int)))
                    .toList();
            case INTS -> tuple(d, p, v).stream()
                    .map(item -> ((SpecValue.Int) expect(d, p, item, item instanceof SpecValue.Int)).value()).toList();
            case STRINGS -> tuple(d, p, v).stream()
                    .map(item -> ((SpecValue.Str) expect(d, p, item, item instanceof SpecValue.Str)).value()).toList();
            case TRANSFORM -> transformation(expect(d, p, v, v instanceof SpecValue.Call));
            case TRANSFORMS -> tuple(d, p, v).stream().map(Specs::transformation).toList();
            case COMPONENT -> SpecFamily.of(p.family(), Object.class).build(v);
        };
    }

    private static List<SpecValue> tuple(Descriptor<?> d, Param p, SpecValue v) {
        if (!(v instanceof SpecValue.Tuple t)) {
            // A single value where a tuple of any length is expected is a one-element tuple.
            if (p.arity() == 0 && !(v instanceof SpecValue.Call && p.type() == ParamType.TRANSFORMS)) {
                return List.of(v);
            }
            throw wrong(d, p, v);
        }
        if (p.arity() > 0 && t.items().size() != p.arity()) {
            throw new SpecException(p.name() + " of " + d.name() + " needs " + p.arity() + " values, got "
                    + t.items().size() + "; expected " + p.allowed(), v.pos());
        }
        return t.items();
    }

    private static SpecValue expect(Descriptor<?> d, Param p, SpecValue v, boolean ok) {
        if (!ok) {
            throw wrong(d, p, v);
        }
        return v;
    }

    private static SpecException wrong(Descriptor<?> d, Param p, SpecValue v) {
        return new SpecException("wrong type for " + p.name() + " of " + d.name() + ": got " + SpecPrinter.print(v)
                + "; expected " + p.allowed(), v.pos());
    }

    private static double number(SpecValue v) {
        return v instanceof SpecValue.Int i ? (double) i.value() : ((SpecValue.Num) v).value();
    }

    /** The known name nearest to {@code name} by edit distance, when it is plausibly a typo. */
    static String closest(String name, List<String> known) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String k : known) {
            int dist = editDistance(name, k);
            if (dist < bestDist) {
                bestDist = dist;
                best = k;
            }
        }
        return bestDist <= Math.max(1, name.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
