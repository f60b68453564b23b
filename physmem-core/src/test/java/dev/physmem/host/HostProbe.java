package dev.physmem.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What the kernel says about a mapping: resident pages (mincore) and VmFlags (/proc/self/smaps). */
final class HostProbe {
    private HostProbe() {
    }

    /** Resident pages of the backend's memory. */
    static long residentPages(HostMemoryBackend backend) {
        return Libc.residentPages(backend.address(), backend.size());
    }

    /** The smaps VmFlags (two-letter codes such as {@code dd}, {@code mg}, {@code sh}) of the mapping holding {@code address}. */
    static Set<String> vmFlags(long address) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inside = false;
        for (String line : lines) {
            if (isHeader(line)) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                long start = Long.parseUnsignedLong(range[0], 16);
                long end = Long.parseUnsignedLong(range[1], 16);
                inside = Long.compareUnsigned(start, address) <= 0 && Long.compareUnsigned(address, end) < 0;
            } else if (inside && line.startsWith("VmFlags:")) {
                return Set.of(line.substring("VmFlags:".length()).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no mapping holds address 0x" + Long.toHexString(address));
    }

    /** Where {@code /proc/self/fd/<fd>} points, e.g. {@code /memfd:memory-backend-memfd (deleted)}. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isHeader(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        if (dash <= 0 || space <= dash) {
            return false;
        }
        for (int i = 0; i < space; i++) {
            char c = line.charAt(i);
            if (c != '-' && Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
