package dev.physmem.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process's view of shared memory, made as that process would: open
 * {@code /proc/<pid>/fd/<n>} and map it with the JDK's own {@link FileChannel#map}.
 */
record SecondMapping(Arena arena, MemorySegment segment) implements AutoCloseable {

    static SecondMapping of(int fd, long size) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return new SecondMapping(arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena));
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
