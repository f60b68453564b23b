package dev.physmem.host;

/**
 * Aligned host address ranges: reserve a range with {@code PROT_NONE}, then map real memory over
 * it with {@code MAP_FIXED}. This is how a mapping gets an alignment stronger than the page size
 * (device-DAX needs 2 MiB) and how pieces of several mappings are placed side by side. QEMU
 * counterpart: the reservation in {@code qemu_ram_mmap} ({@code util/mmap-alloc.c}).
 *
 * <h2>Thread safety</h2>
 * Stateless. {@code MAP_FIXED} is only ever used inside a range this class reserved and the
 * caller owns, so no other mapping of the process can be replaced.
 */
final class AddressReservation {
    private AddressReservation() {
    }

    /**
     * Reserves exactly {@code size} bytes of address space at an address that is a multiple of
     * {@code align}; nothing is committed. The slack the alignment needed is given back.
     *
     * @param size bytes, a multiple of the page size
     * @param align a power of two, at least the page size
     * @return the reservation's address
     * @throws HostMemoryException if the host has no such range of address space
     */
    static long reserve(long size, long align) {
        long page = Libc.pageSize();
        if (align <= page) {
            return Libc.mmap(0, size, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE,
                    -1, 0);
        }
        long total = Math.addExact(size, align);
        long raw = Libc.mmap(0, total, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE,
                -1, 0);
        long aligned = (raw + align - 1) & -align;
        long head = aligned - raw;
        long tail = raw + total - (aligned + size);
        if (head > 0) {
            Libc.munmap(raw, head);
        }
        if (tail > 0) {
            Libc.munmap(aligned + size, tail);
        }
        return aligned;
    }

    /**
     * Maps {@code fd} at {@code offset} (anonymous memory when {@code fd < 0}) over
     * {@code [address, address + length)}, which must lie inside a reservation of the caller's.
     *
     * @throws HostMemoryException if the host refuses the mapping; the range may then be left
     *     unmapped, so the caller gives the whole reservation back
     */
    static void mapFixed(long address, long length, int prot, int flags, int fd, long offset) {
        int fixedFlags = flags | Libc.MAP_FIXED | (fd < 0 ? Libc.MAP_ANONYMOUS : 0);
        long got = Libc.mmap(address, length, prot, fixedFlags, fd, fd < 0 ? 0 : offset);
        if (got != address) {
            // MAP_FIXED either maps at the address or fails; anything else is a kernel we do not know.
            Libc.munmapErrno(got, length);
            throw new HostMemoryException("mmap ignored MAP_FIXED: address=0x" + Long.toHexString(address)
                    + " got=0x" + Long.toHexString(got));
        }
    }

    /** Gives a range back to the host, ignoring failure (used on error paths). */
    static void releaseQuietly(long address, long size) {
        Libc.munmapErrno(address, size);
    }
}
