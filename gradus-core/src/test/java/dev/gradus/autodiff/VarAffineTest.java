package dev.gradus.autodiff;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fused dense layer against the composed ops it replaces: the value and every gradient must be equal bit
 * for bit, on the first-order path and on the differentiable one. (Finite-difference, Hessian-vector and
 * saved-value checks of the fused node are in {@link GradCheckTableTest}.)
 */
class VarAffineTest {

    private static Var composed(Var x, Var w, Var b, FusedActivation act) {
        Var z = x.matmul(w, false, true);
        if (b != null) {
            z = z.add(b);
        }
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> z.relu();
            case TANH -> z.tanh();
            case SIGMOID -> z.sigmoid();
        };
    }

    private static List<Tensor> inputs(boolean bias, int n, int in, int out) {
        RandomStream rng = RandomStream.of(41);
        List<Tensor> t = new ArrayList<>(List.of(Tensor.randn(rng.fork("x"), n, in), Tensor.randn(rng.fork("w"), out, in)));
        if (bias) {
            t.add(Tensor.randn(rng.fork("b"), out));
        }
        return t;
    }

    /** Runs a two-layer network through {@code fusedLayers} or the composed ops; returns value then gradients. */
    private static List<Tensor> run(boolean fused, FusedActivation act, boolean bias, boolean viaGraph, int[] size) {
        List<Var> p = new ArrayList<>();
        for (Tensor t : inputs(bias, size[0], size[1], size[2])) {
            p.add(Var.param(t.copy()));
        }
        Var x = p.get(0), w = p.get(1), b = bias ? p.get(2) : null;
        Var h = fused ? x.affine(w, b, act) : composed(x, w, b, act);
        Var y = h.matmul(h, true, false).sum(); // mixes every element, so each gradient is non-trivial
        List<Tensor> out = new ArrayList<>();
        out.add(h.value());
        if (viaGraph) {
            for (Var g : Autodiff.gradGraph(y, p)) {
                out.add(g.value());
            }
        } else {
            out.addAll(Autodiff.grad(y, p));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(FusedActivation.class)
    void equalsTheComposedOpsBitForBit(FusedActivation act) {
        // odd sizes reach the kernels' remainder loops; the tiny products run in Java on every backend, the
        // large ones (above Blas.SMALL_PRODUCT) on the native BLAS when one is loaded; one row sums no column
        int[][] sizes = {{33, 17, 9}, {70, 61, 43}, {1, 5, 3}};
        for (int[] size : sizes) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean viaGraph : new boolean[] {false, true}) {
                    List<Tensor> fused = run(true, act, bias, viaGraph, size), ref = run(false, act, bias, viaGraph, size);
                    assertThat(fused).hasSameSizeAs(ref);
                    for (int i = 0; i < fused.size(); i++) {
                        assertThat(fused.get(i).data()).as("%s %s bias=%s graph=%s, output %d", act,
                                java.util.Arrays.toString(size), bias, viaGraph, i).isEqualTo(ref.get(i).data());
                    }
                }
            }
        }
    }

    @Test
    void isOneNode() {
        Var x = Var.constant(Tensor.ones(4, 3)), w = Var.param(Tensor.ones(2, 3)), b = Var.param(Tensor.zeros(2));
        Var y = x.affine(w, b, FusedActivation.TANH);
        assertThat(y.opName()).isEqualTo("affine_tanh");
        assertThat(y.inputs()).containsExactly(x, w, b);
    }

    @Test
    void refusesMismatchedShapesNamingThem() {
        Var x = Var.constant(Tensor.ones(4, 3)), w = Var.param(Tensor.ones(2, 5)), b = Var.param(Tensor.zeros(3));
        assertThatThrownBy(() -> x.affine(w, null, FusedActivation.RELU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 3]").hasMessageContaining("[2, 5]");
        assertThatThrownBy(() -> x.affine(Var.param(Tensor.ones(2, 3)), b, FusedActivation.RELU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias [3]");
    }
}
