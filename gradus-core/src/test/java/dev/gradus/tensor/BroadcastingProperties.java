package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of NumPy broadcasting and of the shape operations. */
class BroadcastingProperties {

    /** Two shapes that broadcast: a common shape with dimensions randomly set to 1 or dropped in front. */
    @Provide
    Arbitrary<Tuple.Tuple2<int[], int[]>> compatibleShapes() {
        Arbitrary<int[]> base = Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(0).ofMaxSize(4);
        return Combinators.combine(base, Arbitraries.longs()).as((s, seed) -> {
            RandomStream r = RandomStream.of(seed);
            return Tuple.of(thin(s, r), thin(s, r));
        });
    }

    private static int[] thin(int[] s, RandomStream r) {
        int drop = s.length == 0 ? 0 : r.nextInt(s.length + 1);
        int[] out = new int[s.length - drop];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.bernoulli(0.3) ? 1 : s[i + drop];
        }
        return out;
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200, seed = "20261127")
    void broadcastIsCommutativeAndFollowsTheRule(@ForAll("compatibleShapes") Tuple.Tuple2<int[], int[]> p) {
        int[] a = p.get1(), b = p.get2();
        int[] ab = Shapes.broadcast("t", a, b);
        assertThat(Shapes.broadcast("t", b, a)).isEqualTo(ab);
        assertThat(ab.length).isEqualTo(Math.max(a.length, b.length));
        for (int i = 1; i <= ab.length; i++) {
            int da = i <= a.length ? a[a.length - i] : 1, db = i <= b.length ? b[b.length - i] : 1;
            assertThat(ab[ab.length - i]).isEqualTo(Math.max(da, db));
        }
        assertThat(Shapes.broadcastsTo(a, ab)).isTrue();
        assertThat(Shapes.broadcastsTo(b, ab)).isTrue();
    }

    @Property(tries = 200, seed = "20261127")
    void broadcastingKernelsAgreeWithMaterialisedOperands(@ForAll("compatibleShapes") Tuple.Tuple2<int[], int[]> p,
                                                          @ForAll long seed) {
        Tensor a = Tensor.randn(RandomStream.of(seed), p.get1());
        Tensor b = Tensor.randn(RandomStream.of(seed + 1), p.get2());
        int[] s = Shapes.broadcast("t", p.get1(), p.get2());
        Tensor sum = a.add(b), prod = a.mul(b);
        assertThat(sum).isEqualTo(a.broadcastTo(s).add(b.broadcastTo(s)));
        assertThat(prod).isEqualTo(a.broadcastTo(s).mul(b.broadcastTo(s)));
        assertThat(a.sub(b)).isEqualTo(Ref.binary(a, b, (x, y) -> x - y));
    }

    @Property(tries = 200, seed = "20261127")
    void sumToInvertsBroadcastTo(@ForAll("compatibleShapes") Tuple.Tuple2<int[], int[]> p, @ForAll long seed) {
        int[] small = p.get1();
        int[] big = Shapes.broadcast("t", p.get1(), p.get2());
        Tensor x = Tensor.randn(RandomStream.of(seed), small);
        double copies = (double) Shapes.checkedSize("t", big) / Math.max(1, x.size());
        Tensor back = x.broadcastTo(big).sumTo(small);
        assertThat(back.allClose(x.mul(copies), 1e-12, 1e-12)).isTrue();
    }

    @Property(tries = 200, seed = "20261127")
    void reshapeTransposePermuteRoundTrip(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Tensor x = Tensor.randn(RandomStream.of(seed), shape);
        assertThat(x.reshape(-1).reshape(shape)).isEqualTo(x);
        if (shape.length >= 2) {
            assertThat(x.transpose().transpose()).isEqualTo(x);
        }
        int[] perm = RandomStream.of(seed).permutation(shape.length);
        Tensor back = x.permute(perm).permute(ShapeOps.inversePermutation(perm));
        assertThat(back).isEqualTo(x);
    }

    @Property(tries = 200, seed = "20261127")
    void concatAndStackShapes(@ForAll("shapes") int[] shape, @ForAll long seed) {
        RandomStream r = RandomStream.of(seed);
        int axis = r.nextInt(shape.length);
        int count = 1 + r.nextInt(3);
        List<Tensor> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < count; i++) {
            int[] s = shape.clone();
            s[axis] = 1 + r.nextInt(3);
            total += s[axis];
            parts.add(Tensor.randn(r, s));
        }
        Tensor c = Tensor.concat(parts, axis);
        int[] expected = shape.clone();
        expected[axis] = total;
        assertThat(c.shape()).isEqualTo(expected);
        int start = 0;
        for (Tensor t : parts) {
            assertThat(c.narrow(axis, start, t.dim(axis))).isEqualTo(t);
            start += t.dim(axis);
        }
        List<Tensor> same = new ArrayList<>();
        for (int i = 0; i < count; i++) same.add(Tensor.randn(r, shape));
        int sAxis = r.nextInt(shape.length + 1);
        Tensor st = Tensor.stack(same, sAxis);
        assertThat(st.shape()).isEqualTo(Shapes.insertAxis(shape, sAxis, count));
        for (int i = 0; i < count; i++) {
            assertThat(st.narrow(sAxis, i, 1).squeeze(sAxis)).isEqualTo(same.get(i));
        }
    }
}
