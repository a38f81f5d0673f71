package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Conv2dTest {

    /** out[n, o, y, x] = b[o] + sum_{c, i, j} w[o, c, i, j] * xpad[n, c, y*s + i, x*s + j]. */
    private static Tensor directConvolution(Tensor x, Tensor w, Tensor b, int stride, int pad) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        Tensor out = Tensor.zeros(n, o, oh, ow);
        for (int a = 0; a < n; a++) {
            for (int f = 0; f < o; f++) {
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double s = b.get(f);
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * stride + i - pad, ix = z * stride + j - pad;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        s += w.get(f, ch, i, j) * x.get(a, ch, iy, ix);
                                    }
                                }
                            }
                        }
                        out.set(s, a, f, y, z);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void matchesADirectConvolution() {
        RandomStream rng = RandomStream.of(3);
        for (int[] cfg : new int[][] {{1, 0}, {2, 1}, {1, 2}, {3, 1}}) {
            Conv2d conv = new Conv2d(3, 4, 3, cfg[0], cfg[1], true, rng);
            Tensor x = Tensor.randn(rng, 2, 3, 7, 6);
            Tensor got = conv.forward(x).value();
            Tensor want = directConvolution(x, conv.weight().value(), conv.bias().value(), cfg[0], cfg[1]);
            assertThat(got.shape()).containsExactly(want.shape());
            assertThat(got.data()).containsExactly(want.data(), within(1e-12));
        }
    }

    @Property(tries = 60, seed = "20261127")
    void matchesADirectConvolutionForAnyGeometry(@ForAll @IntRange(min = 1, max = 3) int channels,
                                                 @ForAll @IntRange(min = 1, max = 7) int height,
                                                 @ForAll @IntRange(min = 1, max = 7) int width,
                                                 @ForAll @IntRange(min = 1, max = 4) int kernel,
                                                 @ForAll @IntRange(min = 1, max = 3) int stride,
                                                 @ForAll @IntRange(min = 0, max = 2) int padding,
                                                 @ForAll @IntRange(min = 0, max = 1000) int seed) {
        if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
            return; // no output position: the layer refuses this geometry (tested above)
        }
        RandomStream rng = RandomStream.of(seed);
        Conv2d conv = new Conv2d(channels, 2, kernel, stride, padding, true, rng);
        Tensor x = Tensor.randn(rng, 2, channels, height, width);
        Tensor want = directConvolution(x, conv.weight().value(), conv.bias().value(), stride, padding);
        Tensor got = conv.forward(x).value();
        assertThat(got.shape()).containsExactly(want.shape());
        assertThat(got.data()).containsExactly(want.data(), within(1e-12));
    }

    @Test
    void theBatchIndexCacheFollowsTheBatchSize() {
        RandomStream rng = RandomStream.of(4);
        Conv2d conv = new Conv2d(1, 2, 3, 1, 1, true, rng);
        for (int n : new int[] {3, 1, 3}) {
            Tensor x = Tensor.randn(rng, n, 1, 5, 5);
            assertThat(conv.forward(x).value().data())
                    .containsExactly(directConvolution(x, conv.weight().value(), conv.bias().value(), 1, 1).data(),
                            within(1e-12));
        }
    }

    @Test
    void maxPoolTakesTheWindowMaximumAndIgnoresPadding() {
        Tensor x = Tensor.of(new double[] {
            -1, -2, -3, -4,
            -5, -6, -7, -8,
            -9, -1, -2, -3,
            -4, -5, -6, -7}, 1, 1, 4, 4);
        assertThat(new MaxPool2d(2).forward(x).value().data()).containsExactly(-1, -3, -1, -2);
        // 3x3 windows, stride 2, padding 1: padded positions never win, even over negative values.
        assertThat(new MaxPool2d(3, 2, 1).forward(x).value().data()).containsExactly(-1, -2, -1, -1);
    }

    @Test
    void errorsNameTheLayerAndTheShape() {
        Conv2d conv = new Conv2d(3, 4, 3, RandomStream.of(0));
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(2, 2, 5, 5)))
                .hasMessageContaining("Conv2d(3 -> 4)").hasMessageContaining("[2, 2, 5, 5]");
        assertThatThrownBy(() -> conv.forward(Tensor.zeros(1, 3, 2, 2))).hasMessageContaining("larger than the padded input");
        assertThatThrownBy(() -> new MaxPool2d(2, 2, 2)).hasMessageContaining("padding <= kernel/2");
        assertThat(conv.toString()).isEqualTo("Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0), bias=True)");
    }
}
