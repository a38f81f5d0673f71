package dev.gradus.nn;

/**
 * The geometry of convolution by matrix multiply: im2col unfolds every {@code kh x kw} window of an NCHW
 * image into a column, so that a convolution becomes one matrix product per image.
 *
 * <p>Layout: input {@code [N, C, H, W]}, columns {@code [N, C*kh*kw, Ho*Wo]}, with row index
 * {@code (c*kh + i)*kw + j}, the row-major flattening of a PyTorch weight {@code [O, C, kh, kw]}.
 * {@code Ho = (H + 2*padH - kh) / strideH + 1}, likewise {@code Wo}.
 *
 * @param channels C
 * @param height H
 * @param width W
 * @param kernelH kh
 * @param kernelW kw
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padH rows of padding above and below
 * @param padW columns of padding left and right
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

    /** Elements of one image: C*H*W. */
    int imageSize() {
        return channels * height * width;
    }

    /**
     * For one image, the source of every entry of its {@code [C*kh*kw, Ho*Wo]} column matrix, row-major: an
     * offset into the image's {@code C*H*W} elements, or {@link #imageSize()} for a position in the padding.
     */
    int[] indexMap() {
        int oh = outH();
        int ow = outW();
        int pad = imageSize();
        int[] map = new int[rows() * oh * ow];
        int k = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernelH; i++) {
                for (int j = 0; j < kernelW; j++) {
                    for (int y = 0; y < oh; y++) {
                        int iy = y * strideH - padH + i;
                        for (int x = 0; x < ow; x++) {
                            int ix = x * strideW - padW + j;
                            map[k++] = iy >= 0 && iy < height && ix >= 0 && ix < width
                                    ? (c * height + iy) * width + ix : pad;
                        }
                    }
                }
            }
        }
        return map;
    }
}
