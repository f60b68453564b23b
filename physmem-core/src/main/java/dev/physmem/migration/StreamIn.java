package dev.physmem.migration;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The receiver's buffered, big-endian reader. It knows the offset of every byte it hands out, and
 * a stream that ends early becomes a {@link MigrationStreamException} naming the offset of the
 * item that was cut and what that item is. Not thread-safe.
 */
final class StreamIn {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    /** Stream offset of {@code buf[0]}. */
    private long base;

    StreamIn(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** Offset of the next byte to be read. */
    long position() {
        return base + pos;
    }

    int u8(String what) throws IOException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    int u32(String what) throws IOException {
        return (int) bigEndian(4, what);
    }

    long u64(String what) throws IOException {
        return bigEndian(8, what);
    }

    /** A length byte (1..255) and that many bytes of UTF-8. */
    String idstr(String what) throws IOException {
        long at = position();
        int len = u8("idstr length of " + what);
        if (len == 0) {
            throw new MigrationStreamException(at, "idstr length 1..255 of " + what, "0");
        }
        need(len, "idstr of " + what + " (" + len + " bytes)");
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, len)).toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw new MigrationStreamException(at + 1, "UTF-8 idstr of " + what, "malformed bytes");
        }
    }

    /** Copies the next {@code length} bytes into {@code dst} at {@code offset}. */
    void copyTo(MemorySegment dst, long offset, int length, String what) throws IOException {
        need(length, what);
        MemorySegment.copy(buf, pos, dst, ValueLayout.JAVA_BYTE, offset, length);
        pos += length;
    }

    /** The next {@code n} bytes as a big-endian number. */
    private long bigEndian(int n, String what) throws IOException {
        need(n, what);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    /** Makes {@code n <= BUFFER} bytes available at {@code pos}, or throws naming {@code what}. */
    private void need(int n, String what) throws IOException {
        if (limit - pos >= n) {
            return;
        }
        long at = position();
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        base += pos;
        limit -= pos;
        pos = 0;
        while (limit < n) {
            int r = in.read(buf, limit, BUFFER - limit);
            if (r < 0) {
                throw new MigrationStreamException(at, what, "end of stream");
            }
            limit += r;
        }
    }
}
