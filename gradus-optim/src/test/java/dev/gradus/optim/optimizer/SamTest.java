package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Capability;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.optim.Objective;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.spec.Specs;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SamTest {

    /** L(a, b) = ½(ab − 1)²: minima on ab = 1, where the sharpness a² + b² is least (2) at a = b = 1. */
    private static final Objective PRODUCT = (params, grad) -> {
        double a = params.get("a").item();
        double b = params.get("b").item();
        double r = a * b - 1;
        grad.get("a").data()[0] = r * b;
        grad.get("b").data()[0] = r * a;
        return 0.5 * r * r;
    };

    /** The largest eigenvalue of the Hessian [[b², 2ab − 1], [2ab − 1, a²]], in closed form. */
    private static double sharpness(TensorMap p) {
        double a = p.get("a").item();
        double b = p.get("b").item();
        double off = 2 * a * b - 1;
        return (a * a + b * b) / 2 + Math.sqrt(Math.pow((a * a - b * b) / 2, 2) + off * off);
    }

    private static TensorMap start() {
        return new TensorMap().put("a", Tensor.vector(3.0)).put("b", Tensor.vector(0.1));
    }

    private static TensorMap runSam(double rho) {
        TensorMap p = start();
        GradientTransformation gd = Transforms.scaleByLearningRate(0.02);
        if (rho == 0) {
            var s = gd.init(p);
            for (int i = 0; i < 20_000; i++) {
                TensorMap g = p.zerosLike();
                PRODUCT.evaluate(p, g);
                gd.step(p, g, s);
            }
            return p;
        }
        Sam sam = Optimizers.sam(gd).rho(rho);
        var s = sam.init(p);
        for (int i = 0; i < 20_000; i++) {
            sam.step(p, PRODUCT, s);
        }
        return p;
    }

    @Test
    void samEndsFlatterThanGdOnTheProductToy() {
        // 01-optimizers.md §6a (numpy check, reproduced twice): start (3, 0.1), lr 0.02, 20000 steps.
        TensorMap gd = runSam(0);
        TensorMap sam05 = runSam(0.05);
        TensorMap sam1 = runSam(0.1);
        TensorMap sam2 = runSam(0.2);
        assertThat(gd.get("a").item()).isCloseTo(3.016, within(1e-3));
        assertThat(gd.get("b").item()).isCloseTo(0.332, within(1e-3));
        assertThat(sharpness(gd)).isCloseTo(9.20, within(0.01));
        assertThat(sharpness(sam05)).isCloseTo(2.243, within(0.01));
        assertThat(sharpness(sam1)).isCloseTo(2.01, within(0.01));
        assertThat(sharpness(sam2)).isCloseTo(2.001, within(0.005));
        assertThat(sharpness(sam05)).isLessThan(sharpness(gd));
        assertThat(sharpness(sam1)).isLessThan(sharpness(sam05));
        assertThat(sharpness(sam2)).isLessThan(sharpness(sam1));
        for (TensorMap p : new TensorMap[] {sam05, sam1, sam2}) {
            assertThat(PRODUCT.evaluate(p, p.zerosLike())).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void adaptiveAscentScalesByTheWeights() {
        // One ASAM step with base = GD (lr 0.1) on f(w) = Σ w_i^3 / 3, so ∇f = w².
        Objective cube = (params, grad) -> {
            double[] w = params.get("w").data();
            double[] g = grad.get("w").data();
            double f = 0;
            for (int i = 0; i < w.length; i++) {
                g[i] = w[i] * w[i];
                f += w[i] * w[i] * w[i] / 3;
            }
            return f;
        };
        double[] w0 = {1.0, -2.0, 0.5};
        TensorMap p = TensorMap.of("w", Tensor.vector(w0));
        Sam asam = Optimizers.sam(Transforms.scaleByLearningRate(0.1)).rho(0.3).adaptive(true);
        double loss = asam.step(p, cube, asam.init(p));
        assertThat(loss).isCloseTo((1 - 8 + 0.125) / 3, within(1e-15));
        double norm = 0;
        for (double w : w0) {
            norm += Math.pow(Math.abs(w) * w * w, 2);
        }
        double scale = 0.3 / (Math.sqrt(norm) + 1e-12);
        for (int i = 0; i < 3; i++) {
            double perturbed = w0[i] + w0[i] * w0[i] * (w0[i] * w0[i]) * scale;
            assertThat(p.get("w").data()[i]).isCloseTo(w0[i] - 0.1 * perturbed * perturbed, within(1e-15));
        }
    }

    @Test
    void theBaseTakesExactlyOneStepPerSamStep() {
        Sam sam = Optimizers.sam(Optimizers.adam().lr(0.01));
        TensorMap p = start();
        Sam.State s = sam.init(p);
        for (int i = 0; i < 3; i++) {
            sam.step(p, PRODUCT, s);
        }
        assertThat(s.count().get()).isEqualTo(3);
        assertThat(((ScaleByAdam.State) s.base()).count().get()).isEqualTo(3);
        assertThat(sam.hyperparams(s)).containsEntry("rho", 0.05).containsEntry("base/lr", 0.01);
    }

    @Test
    void aGradientOnlyCallerIsRefusedUpFrontAndTheSpecRoundTrips() {
        Sam sam = Optimizers.sam(Optimizers.adam().lr(0.01)).rho(0.1);
        assertThat(sam.requirements()).extracting(Requirement::capability).containsExactly(Capability.GRADIENT);
        assertThatThrownBy(() -> Requirement.check(sam, EnumSet.noneOf(Capability.class), "this replay"))
                .isInstanceOf(MissingCapabilityException.class)
                .hasMessageStartingWith("sam(adam(")
                .hasMessageContaining("sam needs the loss and its gradient at any point (GRADIENT) for the gradient at "
                        + "the perturbed point")
                .hasMessageContaining("this replay offers only the gradient");
        Requirement.check(sam, EnumSet.of(Capability.GRADIENT), "a trainer");
        TensorMap p = start();
        OptState state = sam.init(p);
        assertThatThrownBy(() -> sam.step(p, p.zerosLike(), state))
                .isInstanceOf(MissingCapabilityException.class).hasMessageContaining("Requirement.check");
        String spec = Specs.print(sam);
        assertThat(spec).startsWith("sam(adam(").contains("rho=0.1");
        assertThat(Specs.print(Specs.transformation(spec))).isEqualTo(spec);
    }
}
