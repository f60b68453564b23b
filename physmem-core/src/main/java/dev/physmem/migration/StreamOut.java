package dev.physmem.migration;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The sender's buffered, big-endian writer: counts the bytes written and copies pages straight
 * from host memory into its buffer. Not thread-safe (one sender thread).
 */
final class StreamOut {
    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private long flushed;

    StreamOut(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Bytes written so far, buffered ones included. */
    long position() {
        return flushed + pos;
    }

    void u8(int v) throws IOException {
        room(1);
        buf[pos++] = (byte) v;
    }

    void u32(int v) throws IOException {
        bigEndian(v, 4);
    }

    void u64(long v) throws IOException {
        bigEndian(v, 8);
    }

    /** The low {@code n} bytes of {@code v}, most significant first. */
    private void bigEndian(long v, int n) throws IOException {
        room(n);
        for (int shift = 8 * (n - 1); shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    /** A length byte then the idstr's UTF-8 bytes (at most {@link RamStreamFormat#MAX_IDSTR}). */
    void idstr(String idstr) throws IOException {
        byte[] b = idstr.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0 || b.length > RamStreamFormat.MAX_IDSTR) {
            throw new IllegalArgumentException("idstr must be 1..255 bytes: idstr=" + idstr + " bytes=" + b.length);
        }
        u8(b.length);
        room(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** {@code length} bytes of {@code src} from {@code offset}. */
    void copyFrom(MemorySegment src, long offset, int length) throws IOException {
        room(length);
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, offset, buf, pos, length);
        pos += length;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void room(int n) throws IOException {
        if (BUFFER - pos < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            flushed += pos;
            pos = 0;
        }
    }
}
