package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.data.Dataset;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data fingerprint in checkpoints is fed in pieces, so that data sets of more than 2^28 values have one; it
 * must stay the hash of the one buffer older builds hashed, or their checkpoints would no longer resume.
 */
class FingerprintTest {
    /** The hash as it was computed in one buffer: size, features, x and y, little-endian. */
    private static String oneBuffer(Dataset data) throws Exception {
        double[] x = data.features().data();
        double[] y = data.y().data();
        ByteBuffer buf = ByteBuffer.allocate(8 * (x.length + y.length) + 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(data.size()).putInt(data.numFeatures());
        buf.asDoubleBuffer().put(x);
        buf.position(buf.position() + 8 * x.length);
        buf.asDoubleBuffer().put(y);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
    }

    @Test
    void piecesHashLikeOneBufferAcrossPieceBoundaries() throws Exception {
        RandomStream rng = RandomStream.of(5);
        for (int n : new int[] {1, 3, 1000, 8191, 8192, 20_000}) {
            double[] x = new double[n * 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.normal(0, 1);
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 2;
            }
            Dataset d = Dataset.classification("d", Tensor.of(x, n, 3), y, List.of("a", "b"));
            assertThat(Trainer.fingerprint(d)).as("n = %d", n).isEqualTo(oneBuffer(d));
        }
    }
}
