package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the IDX format of MNIST (LeCun et al.): an images file and a labels file, optionally gzip-compressed.
 *
 * <p>An IDX file is a big-endian header, the magic number {@code 0x0000TTRR} (element type {@code TT}, rank
 * {@code RR}) and {@code RR} dimension sizes as 32-bit integers, followed by the elements in row-major order.
 * MNIST images have magic 2051 ({@code 0x00000803}: unsigned bytes, rank 3, {@code [n, rows, cols]}), labels
 * 2049 ({@code 0x00000801}: unsigned bytes, rank 1, {@code [n]}).
 *
 * <p>{@link #read(Path, Path)} makes a classification data set: pixel value {@code k} becomes {@code k / 255.0},
 * so features lie in [0, 1]; each image is one row of {@code rows * cols} features (row-major, as in the file),
 * and the sample shape is {@code [1, rows, cols]}, so {@link Dataset#samples()} and {@link Batch#samples()}
 * give {@code [n, 1, rows, cols]} for convolutional models. Classes are the distinct label values in
 * increasing order, named by their value, as for CSV and LIBSVM labels (MNIST's 0..9 keep their ids).
 *
 * <p>The reader checks the magic numbers, that the files hold exactly the bytes their headers announce (a
 * truncated or overlong file is an error) and that there are as many labels as images.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;

    private IdxReader() {}

    /** Reads an images file and its labels file into a classification data set named after the images file. */
    public static Dataset read(Path images, Path labels) {
        Idx im = readIdx(images);
        Idx lb = readIdx(labels);
        return dataset(im, images.toString(), lb, labels.toString());
    }

    /**
     * Reads images and labels from streams, which are not closed.
     *
     * @param imagesSource the name of the images input in error messages and the data set's name
     * @param labelsSource the name of the labels input in error messages
     */
    public static Dataset read(InputStream images, String imagesSource, InputStream labels, String labelsSource) {
        Idx im = readIdx(images, imagesSource);
        Idx lb = readIdx(labels, labelsSource);
        return dataset(im, imagesSource, lb, labelsSource);
    }

    /** Reads any IDX file as a tensor of its raw element values (no scaling) and its shape. */
    public static Tensor readTensor(Path path) {
        return readIdx(path).tensor(false);
    }

    /** Reads any IDX stream as a tensor of its raw element values; the stream is not closed. */
    public static Tensor readTensor(InputStream in, String source) {
        return readIdx(in, source).tensor(false);
    }

    private static Dataset dataset(Idx im, String imagesSource, Idx lb, String labelsSource) {
        im.require(0x0803, "an images file", imagesSource);
        lb.require(0x0801, "a labels file", labelsSource);
        int n = im.dims[0];
        if (lb.dims[0] != n) {
            throw new DataException(labelsSource + ": " + lb.dims[0] + " labels, but " + imagesSource + " has " + n
                    + " images");
        }
        if (n == 0) {
            throw new DataException(imagesSource + ": no images");
        }
        int rows = im.dims[1];
        int cols = im.dims[2];
        HeapCheck.require(imagesSource, 8L * n * rows * cols, n + " images of " + rows + "x" + cols + " pixels");
        double[] x = im.tensor(true).data();
        double[] y = lb.tensor(false).data();
        LabelEncoder.Encoded labels = LabelEncoder.numericClasses(y);
        return Dataset.fromReader(datasetName(imagesSource), n, rows * cols, x, null, labels)
                .withSampleShape(1, rows, cols);
    }

    /** {@code train-images-idx3-ubyte.gz} gives {@code train}; names without "images" keep their base name. */
    static String datasetName(String imagesSource) {
        String base = Sources.baseName(imagesSource);
        int at = base.indexOf("images");
        if (at > 1) {
            return base.substring(0, at - 1);
        }
        return base;
    }

    private static Idx readIdx(Path path) {
        return Sources.read(path, IdxReader::parse);
    }

    private static Idx readIdx(InputStream in, String source) {
        return Sources.read(in, source, IdxReader::parse);
    }

    private static Idx parse(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException(source + ": truncated IDX header: " + magic.length + " bytes, expected at least 4");
        }
        int m = ByteBuffer.wrap(magic).getInt();
        int type = magic[2] & 0xff;
        int rank = magic[3] & 0xff;
        if (magic[0] != 0 || magic[1] != 0 || rank == 0) {
            throw new DataException(source + ": bad magic number 0x" + String.format("%08x", m)
                    + ": not an IDX file (expected 0x0000TTRR, such as 2051 for images or 2049 for labels)");
        }
        int size = elementSize(type);
        if (size == 0) {
            throw new DataException(source + ": magic number 0x" + String.format("%08x", m)
                    + ": unknown IDX element type 0x" + String.format("%02x", type));
        }
        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank) {
            throw new DataException(source + ": truncated IDX header: " + (4 + header.length) + " bytes, expected "
                    + (4 + 4 * rank) + " for rank " + rank);
        }
        ByteBuffer hb = ByteBuffer.wrap(header);
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = hb.getInt();
            if (dims[i] < 0) {
                throw new DataException(source + ": dimension " + i + " of the header is negative (" + dims[i] + ")");
            }
            count *= dims[i];
            if (count * size > Integer.MAX_VALUE - 8) {
                throw new DataException(source + ": the header announces more data than one array can hold");
            }
        }
        int bytes = (int) (count * size);
        byte[] data = in.readNBytes(bytes);
        if (data.length < bytes) {
            throw new DataException(source + ": truncated: the header announces " + bytes + " bytes of data, found "
                    + data.length);
        }
        if (in.read() >= 0) {
            throw new DataException(source + ": more data than the " + bytes + " bytes the header announces");
        }
        return new Idx(type, dims, data);
    }

    /** True when {@code head} starts like an IDX file: two zero bytes, a known element type and a rank. */
    static boolean looksLikeIdx(byte[] head) {
        return head.length >= 4 && head[0] == 0 && head[1] == 0 && elementSize(head[2] & 0xff) > 0 && head[3] > 0;
    }

    private static int elementSize(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }

    /** A parsed IDX file. */
    private record Idx(int type, int[] dims, byte[] data) {
        void require(int magic, String what, String source) {
            int actual = (type << 8) | dims.length;
            if (actual != magic) {
                throw new DataException(source + ": magic number " + actual + " (0x" + String.format("%08x", actual)
                        + ") is not " + what + ": expected " + magic + " (0x" + String.format("%08x", magic) + ")");
            }
        }

        /** The elements as doubles; unsigned bytes divided by 255 when {@code scale}. */
        Tensor tensor(boolean scale) {
            int count = data.length / elementSize(type);
            double[] out = new double[count];
            ByteBuffer b = ByteBuffer.wrap(data);
            switch (type) {
                case UBYTE -> {
                    if (scale) {
                        for (int i = 0; i < count; i++) {
                            out[i] = (data[i] & 0xff) / 255.0;
                        }
                    } else {
                        for (int i = 0; i < count; i++) {
                            out[i] = data[i] & 0xff;
                        }
                    }
                }
                case 0x09 -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = data[i];
                    }
                }
                case 0x0B -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = b.getShort();
                    }
                }
                case 0x0C -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = b.getInt();
                    }
                }
                case 0x0D -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = b.getFloat();
                    }
                }
                default -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = b.getDouble();
                    }
                }
            }
            return Tensor.of(out, dims);
        }
    }
}
