package dev.gradus.tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an ELF shared library exports and which libraries it needs, read from its dynamic symbol table
 * ({@code .dynsym}) and dynamic section ({@code DT_NEEDED}): the facts by which {@link BlasLibrary} tells
 * OpenBLAS from MKL, BLIS or the reference BLAS without loading the library or timing it.
 *
 * <p>Why hand-written: it is the fixed layout of the ELF specification (System V gABI, "Object Files"), about
 * a hundred lines for the two tables, and no small, maintained Java ELF reader is on Maven Central; a
 * subprocess ({@code nm}, {@code readelf}) would need binutils on every machine.
 */
record ElfLibrary(Set<String> exported, List<String> needed) {
    private static final int SHT_DYNAMIC = 6;
    private static final int SHT_DYNSYM = 11;
    private static final long DT_NEEDED = 1;

    /**
     * Reads {@code file}; empty when it is not a readable ELF object with section headers (a linker script,
     * a Mach-O file, a truncated or stripped-of-sections file).
     */
    static Optional<ElfLibrary> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < 64 || ch.size() > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return parse(buf);
        } catch (IOException | RuntimeException e) {
            // Anything malformed (offsets past the end, a bad header) means "not an ELF library we can read".
            return Optional.empty();
        }
    }

    private static Optional<ElfLibrary> parse(ByteBuffer b) {
        if (b.get(0) != 0x7f || b.get(1) != 'E' || b.get(2) != 'L' || b.get(3) != 'F') {
            return Optional.empty();
        }
        boolean wide = b.get(4) == 2; // ELFCLASS64; ELFCLASS32 otherwise
        b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = wide ? b.getLong(0x28) : Integer.toUnsignedLong(b.getInt(0x20));
        int shentsize = Short.toUnsignedInt(b.getShort(wide ? 0x3A : 0x2E));
        int shnum = Short.toUnsignedInt(b.getShort(wide ? 0x3C : 0x30));
        if (shoff == 0 || shnum == 0) {
            return Optional.empty();
        }
        Set<String> exported = new HashSet<>();
        List<String> needed = new ArrayList<>();
        boolean sawDynsym = false;
        for (int i = 0; i < shnum; i++) {
            Section s = section(b, wide, Math.toIntExact(shoff + (long) i * shentsize));
            if (s.type() == SHT_DYNSYM) {
                sawDynsym = true;
                Section strings = section(b, wide, Math.toIntExact(shoff + (long) s.link() * shentsize));
                int entry = wide ? 24 : 16;
                for (long at = s.offset() + entry; at + entry <= s.offset() + s.size(); at += entry) { // 0 is null
                    int p = Math.toIntExact(at);
                    long name = Integer.toUnsignedLong(b.getInt(p));
                    int info = Byte.toUnsignedInt(b.get(p + (wide ? 4 : 12)));
                    int shndx = Short.toUnsignedInt(b.getShort(p + (wide ? 6 : 14)));
                    int binding = info >>> 4; // 1 = GLOBAL, 2 = WEAK
                    if (shndx != 0 && (binding == 1 || binding == 2)) {
                        exported.add(string(b, strings.offset() + name));
                    }
                }
            } else if (s.type() == SHT_DYNAMIC) {
                Section strings = section(b, wide, Math.toIntExact(shoff + (long) s.link() * shentsize));
                int entry = wide ? 16 : 8;
                for (long at = s.offset(); at + entry <= s.offset() + s.size(); at += entry) {
                    int p = Math.toIntExact(at);
                    long tag = wide ? b.getLong(p) : b.getInt(p);
                    long val = wide ? b.getLong(p + 8) : Integer.toUnsignedLong(b.getInt(p + 4));
                    if (tag == 0) {
                        break; // DT_NULL ends the table
                    }
                    if (tag == DT_NEEDED) {
                        needed.add(string(b, strings.offset() + val));
                    }
                }
            }
        }
        return sawDynsym ? Optional.of(new ElfLibrary(Set.copyOf(exported), List.copyOf(needed))) : Optional.empty();
    }

    private record Section(int type, long offset, long size, int link) {}

    private static Section section(ByteBuffer b, boolean wide, int at) {
        return wide
                ? new Section(b.getInt(at + 4), b.getLong(at + 24), b.getLong(at + 32), b.getInt(at + 40))
                : new Section(b.getInt(at + 4), Integer.toUnsignedLong(b.getInt(at + 16)),
                        Integer.toUnsignedLong(b.getInt(at + 20)), b.getInt(at + 24));
    }

    /** The NUL-terminated string at {@code at}. */
    private static String string(ByteBuffer b, long at) {
        int start = Math.toIntExact(at);
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(start, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** True when some exported symbol starts with {@code prefix}. */
    boolean exportsPrefix(String prefix) {
        for (String s : exported) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
