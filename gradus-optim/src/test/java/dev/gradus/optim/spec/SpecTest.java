package dev.gradus.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptimizerRegistry;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.combine.Chain;
import dev.gradus.optim.optimizer.Sgd;
import dev.gradus.optim.schedule.Cosine;
import org.junit.jupiter.api.Test;

/** The spec language: canonical printing, building through the registry, and its error messages. */
class SpecTest {

    @Test
    void printsNumbersLikePythonRepr() {
        assertThat(SpecPrinter.number(1e-3)).isEqualTo("0.001");
        assertThat(SpecPrinter.number(1e-8)).isEqualTo("1e-08");
        assertThat(SpecPrinter.number(0.0001)).isEqualTo("0.0001");
        assertThat(SpecPrinter.number(0.00001)).isEqualTo("1e-05");
        assertThat(SpecPrinter.number(1e16)).isEqualTo("1e+16");
        assertThat(SpecPrinter.number(1e15)).isEqualTo("1000000000000000.0");
        assertThat(SpecPrinter.number(2.5e-7)).isEqualTo("2.5e-07");
        assertThat(SpecPrinter.number(0.999)).isEqualTo("0.999");
        assertThat(SpecPrinter.number(1.0)).isEqualTo("1.0");
        assertThat(SpecPrinter.number(-0.0)).isEqualTo("-0.0");
        assertThat(SpecPrinter.number(123.456)).isEqualTo("123.456");
        assertThat(SpecPrinter.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void canonicalFormSpellsOutEveryHyperparameter() {
        assertThat(Specs.canonical("adamw(lr=1e-3, betas=(0.9, 0.999), weight_decay=0.01)"))
                .isEqualTo("adamw(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=false)");
        assertThat(Specs.canonical(" adam "))
                .isEqualTo("adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0, amsgrad=false)");
        assertThat(SpecPrinter.print(SpecParser.parse("f( a , (1,) ,x = 'it\\'s',y=True, )")))
                .isEqualTo("f(a(), (1,), x=\"it's\", y=true)");
    }

    @Test
    void buildsTheIssueExample() {
        GradientTransformation t = Specs.transformation("chain(clip_by_global_norm(max_norm=1.0), "
                + "sgd(lr=cosine(init=0.1, steps=1000), momentum=0.9, nesterov=true))");
        Chain chain = (Chain) t;
        Sgd sgd = (Sgd) chain.links().get(1);
        Schedule lr = sgd.hyperparameters().schedule("lr");
        assertThat(lr).isInstanceOf(Cosine.class);
        assertThat(lr.at(0)).isEqualTo(0.1);
        assertThat(lr.at(1000)).isEqualTo(0.0);
        assertThat(sgd.hyperparameters().flag("nesterov")).isTrue();
        assertThat(Specs.print(t)).isEqualTo("chain(clip_by_global_norm(max_norm=1.0), sgd(lr=cosine(init=0.1, "
                + "steps=1000, alpha=0.0, exponent=1.0), momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=true))");
        assertThat(Specs.canonical(Specs.print(t))).isEqualTo(Specs.print(t));
    }

    @Test
    void everyRegisteredTransformationRoundTripsAtItsDefaults() {
        for (Descriptor<?> d : OptimizerRegistry.all()) {
            if (!d.kind().isTransformation() || d.params().stream().anyMatch(Param::required)) {
                continue;
            }
            String printed = Specs.print(d.defaults().create());
            assertThat(Specs.canonical(printed)).as(d.name()).isEqualTo(printed);
        }
    }

    @Test
    void pythonStyleConfigsCarryOver() {
        assertThat(Specs.print(Specs.transformation("sgd(lr=0.1, momentum=0.9, nesterov=True)")))
                .isEqualTo(Specs.print(Optimizers.sgd().lr(0.1).momentum(0.9).nesterov(true)));
    }

    private static String error(String text) {
        try {
            Specs.transformation(text);
        } catch (SpecException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + text);
    }

    @Test
    void unknownNameSaysWhichWhereAndWhatIsKnown() {
        String m = error("chain(adamx(lr=1e-3))");
        assertThat(m).startsWith("spec: unknown optimizer or transform 'adamx' (did you mean adam")
                .contains("at column 7").contains("known: sgd, adam, adamw, rmsprop, adagrad")
                .endsWith("  chain(adamx(lr=1e-3))\n        ^");
    }

    @Test
    void unknownKeywordListsTheAllowedOnes() {
        assertThat(error("adam(lr=1e-3, betas1=0.9)"))
                .isEqualTo("spec: unknown keyword 'betas1' for adam (did you mean betas?) at column 15; "
                        + "allowed: lr, betas, eps, weight_decay, amsgrad\n"
                        + "  adam(lr=1e-3, betas1=0.9)\n"
                        + "                ^");
    }

    @Test
    void outOfRangeNamesTheValueAndTheRange() {
        assertThat(error("adam(lr=-1)")).startsWith("spec: adam: lr=-1.0 is out of range at column 9; "
                + "allowed: number or schedule in [0, inf]");
        assertThat(error("adam(betas=(0.9, 1.5))")).contains("betas=1.5 is out of range").contains("in [0, 1)");
        assertThat(error("sgd(dampening=2)")).contains("dampening=2.0 is out of range");
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertThat(error("sgd(nesterov=1)")).startsWith("spec: wrong type for nesterov of sgd: got 1 at column 14; "
                + "expected true or false");
        assertThat(error("adam(lr=\"fast\")")).contains("wrong type for lr of adam: got \"fast\"")
                .contains("expected number or schedule");
        assertThat(error("adam(betas=(0.9,))")).contains("betas of adam needs 2 values, got 1");
        assertThat(error("multi_steps(adam(), every_k=2.5)")).contains("wrong type for every_k of multi_steps: got 2.5")
                .contains("expected integer");
    }

    @Test
    void schedulesAndTransformsAreNotInterchangeable() {
        assertThat(error("chain(cosine(init=0.1, steps=10))")).contains("'cosine' is a schedule, expected an "
                + "optimizer or transform at column 7; known: sgd, adam");
        assertThat(error("sgd(lr=adam())")).contains("'adam' is an optimizer, expected a schedule at column 8; "
                + "known: constant, linear");
    }

    @Test
    void missingAndRepeatedArgumentsAreReported() {
        assertThat(error("sgd(lr=cosine(init=0.1))")).contains("missing required keyword 'steps' for cosine")
                .contains("at column 8");
        assertThat(error("adam(lr=0.1, lr=0.2)")).contains("keyword 'lr' given twice in adam");
        assertThat(error("adam(0.1)")).contains("adam takes keyword arguments only");
        assertThat(error("lookahead(k=3)")).contains("missing required argument 'inner' for lookahead");
    }

    @Test
    void syntaxErrorsPointAtTheCharacter() {
        assertThat(error("adam(lr=1e-3")).contains("unexpected end of spec at column 13; expected ',' or ')' to "
                + "close adam(");
        assertThat(error("adam(lr=1e-)")).contains("malformed exponent");
        assertThat(error("adam(lr=0.1) x")).contains("unexpected 'x' after the end of the spec at column 14");
        assertThat(error("")).contains("empty spec");
        assertThat(error("adam(lr=\"x)")).contains("unterminated string at column 9");
        assertThat(error("adam(lr=1.2.3)")).contains("malformed number");
    }

    @Test
    void constraintsAcrossHyperparametersAreChecked() {
        assertThat(error("sgd(nesterov=true)")).contains("sgd: nesterov=true requires a momentum and zero dampening");
        assertThat(error("sgd(lr=warmup_cosine(peak=0.1, warmup_steps=10, steps=5))"))
                .contains("steps=5 must exceed warmup_steps=10");
    }

    @Test
    void javaSettersCheckLikeSpecs() {
        assertThatThrownBy(() -> Optimizers.adam().lr(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("adam: lr=-1.0 is out of range; allowed: number or schedule in [0, inf]");
        assertThatThrownBy(() -> Optimizers.adam().with("learning_rate", 0.1))
                .hasMessage("adam: unknown hyperparameter 'learning_rate'; allowed: lr, betas, eps, weight_decay, amsgrad");
    }
}
