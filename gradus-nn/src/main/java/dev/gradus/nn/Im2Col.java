package dev.gradus.nn;

import java.util.Arrays;

/**
 * The geometry and the two kernels of convolution by matrix multiply: {@link #im2col} unfolds every
 * {@code kh x kw} window of an NCHW image into a column, so that a convolution becomes one matrix product
 * per image; {@link #col2im} is its adjoint (it scatters columns back and sums where windows overlap), and
 * so is the backward of {@code im2col} and vice versa.
 *
 * <p>Layout: input {@code [N, C, H, W]}, columns {@code [N, C*kh*kw, Ho*Wo]}, with row index
 * {@code (c*kh + i)*kw + j}, the row-major flattening of a PyTorch weight {@code [O, C, kh, kw]}. Padding is
 * zeros. {@code Ho = (H + 2*padH - kh) / strideH + 1}, likewise {@code Wo}.
 *
 * @param channels C
 * @param height H
 * @param width W
 * @param kernelH kh
 * @param kernelW kw
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH zero rows added above and below
 * @param padW zero columns added left and right
 */
record Im2Col(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
              int padH, int padW) {

    Im2Col {
        if (channels <= 0 || height <= 0 || width <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0
                || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("im2col: invalid geometry " + this);
        }
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW) {
            throw new IllegalArgumentException("im2col: kernel " + kernelH + "x" + kernelW
                    + " is larger than the padded input " + (height + 2 * padH) + "x" + (width + 2 * padW));
        }
    }

    /** Output height Ho. */
    int outH() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    /** Output width Wo. */
    int outW() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    /** Rows of the column matrix: C*kh*kw. */
    int rows() {
        return channels * kernelH * kernelW;
    }

    /** Columns of the column matrix: Ho*Wo. */
    int cols() {
        return outH() * outW();
    }

    /** Unfolds {@code batch} images from {@code x} (length N*C*H*W) into {@code out} (length N*rows*cols). */
    void im2col(double[] x, int batch, double[] out) {
        int oh = outH();
        int ow = outW();
        int imageSize = channels * height * width;
        int colSize = rows() * oh * ow;
        for (int n = 0; n < batch; n++) {
            int xBase = n * imageSize;
            int row = n * colSize;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kernelH; i++) {
                    for (int j = 0; j < kernelW; j++, row += oh * ow) {
                        for (int y = 0; y < oh; y++) {
                            int iy = y * strideH - padH + i;
                            int o = row + y * ow;
                            if (iy < 0 || iy >= height) {
                                Arrays.fill(out, o, o + ow, 0.0);
                                continue;
                            }
                            int xRow = xBase + (c * height + iy) * width;
                            for (int x0 = 0; x0 < ow; x0++) {
                                int ix = x0 * strideW - padW + j;
                                out[o + x0] = ix >= 0 && ix < width ? x[xRow + ix] : 0.0;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: {@code out} (length N*C*H*W) is overwritten with the folded sums. */
    void col2im(double[] cols, int batch, double[] out) {
        Arrays.fill(out, 0, batch * channels * height * width, 0.0);
        int oh = outH();
        int ow = outW();
        int imageSize = channels * height * width;
        int colSize = rows() * oh * ow;
        for (int n = 0; n < batch; n++) {
            int xBase = n * imageSize;
            int row = n * colSize;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kernelH; i++) {
                    for (int j = 0; j < kernelW; j++, row += oh * ow) {
                        for (int y = 0; y < oh; y++) {
                            int iy = y * strideH - padH + i;
                            if (iy < 0 || iy >= height) {
                                continue;
                            }
                            int o = row + y * ow;
                            int xRow = xBase + (c * height + iy) * width;
                            for (int x0 = 0; x0 < ow; x0++) {
                                int ix = x0 * strideW - padW + j;
                                if (ix >= 0 && ix < width) {
                                    out[xRow + ix] += cols[o + x0];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
