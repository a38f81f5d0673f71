package dev.gradus.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.optimizer.Adam;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/** Parsing and printing are inverse: {@code parse(print(v)) == v}, and printing is canonical. */
class SpecRoundTripProperties {

    @Property(tries = 400, seed = "20261127")
    void parseOfPrintIsIdentity(@ForAll("values") SpecValue v) {
        String text = SpecPrinter.print(v);
        assertThat(SpecParser.parse(text)).as(text).isEqualTo(v);
    }

    @Property(tries = 200, seed = "20261127")
    void printOfParseIsCanonical(@ForAll("calls") SpecValue v) {
        String canonical = SpecPrinter.print(v);
        String loose = loosen(canonical);
        assertThat(SpecPrinter.print(SpecParser.parse(loose))).as(loose).isEqualTo(canonical);
    }

    @Property(tries = 200, seed = "20261127")
    void adamSpecsRoundTripThroughTheRegistry(@ForAll @DoubleRange(min = 0, max = 10) @Scale(12) double lr,
            @ForAll @DoubleRange(min = 0, max = 0.999) @Scale(12) double b1,
            @ForAll @DoubleRange(min = 0, max = 0.9999) @Scale(12) double b2,
            @ForAll @DoubleRange(min = 0, max = 1) @Scale(12) double wd, @ForAll boolean amsgrad) {
        Adam adam = dev.gradus.optim.Optimizers.adam().lr(lr).betas(b1, b2).weightDecay(wd).amsgrad(amsgrad);
        String text = Specs.print(adam);
        GradientTransformation back = Specs.transformation(text);
        assertThat(Specs.print(back)).isEqualTo(text);
        assertThat(((Adam) back).hyperparameters()).isEqualTo(adam.hyperparameters());
    }

    /**
     * Inserts spaces and tabs around punctuation outside string literals: text that must print back canonically.
     * Inside a quoted string the characters are data, so they are left alone.
     */
    private static String loosen(String s) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                out.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    out.append(s.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    out.append(c);
                }
                case ',' -> out.append(" ,\t");
                case '(' -> out.append("( ");
                case '=' -> out.append(" = ");
                case ')' -> out.append(" )");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Provide
    Arbitrary<SpecValue> values() {
        return value(3);
    }

    @Provide
    Arbitrary<SpecValue> calls() {
        return call(3).map(c -> c);
    }

    private Arbitrary<SpecValue> value(int depth) {
        Arbitrary<SpecValue> leaf = Arbitraries.oneOf(
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                        .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(-0.0).withSpecialValue(1e-8)
                        .withSpecialValue(1e16).withSpecialValue(Double.MIN_VALUE).map(d -> new SpecValue.Num(d)),
                Arbitraries.longs().map(l -> new SpecValue.Int(l)),
                Arbitraries.of(true, false).map(b -> new SpecValue.Bool(b)),
                Arbitraries.strings().ofMaxLength(8).map(s -> new SpecValue.Str(s)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<SpecValue> tuple = value(depth - 1).list().ofMaxSize(3).map(l -> new SpecValue.Tuple(l));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, tuple), net.jqwik.api.Tuple.of(1, call(depth - 1)));
    }

    private Arbitrary<SpecValue> call(int depth) {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1)
                .ofMaxLength(6).filter(n -> !Set.of("true", "false", "inf", "nan").contains(n));
        Arbitrary<SpecValue> arg = depth == 0 ? Arbitraries.longs().map(l -> new SpecValue.Int(l)) : value(depth - 1);
        return Combinators.combine(names, arg.list().ofMaxSize(2), names.set().ofMaxSize(3), arg.list().ofSize(3))
                .as((name, args, keys, kwValues) -> {
                    List<SpecValue.Kwarg> kw = new ArrayList<>();
                    int k = 0;
                    for (String key : new LinkedHashSet<>(keys)) {
                        kw.add(new SpecValue.Kwarg(key, kwValues.get(k++)));
                    }
                    return new SpecValue.Call(name, args, kw);
                });
    }
}
