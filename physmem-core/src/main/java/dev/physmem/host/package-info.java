/**
 * Host memory behind guest RAM, through java.lang.foreign (no JNI). QEMU counterpart:
 * {@code backends/hostmem*.c}, {@code util/mmap-alloc.c}, {@code util/memfd.c}.
 *
 * <ul>
 * <li>{@link dev.physmem.host.HostMemoryBackend}: reference-counted mappings with QEMU's backend
 *     options; kinds {@link dev.physmem.host.RamMemoryBackend} (anonymous),
 *     {@link dev.physmem.host.MemfdMemoryBackend} and {@link dev.physmem.host.FileMemoryBackend}.</li>
 * <li>{@link dev.physmem.host.HostMemoryRemap}: a second, contiguous mapping of pieces of shared
 *     guest RAM (the RDMA case).</li>
 * <li>{@link dev.physmem.host.HostFd}: an owned file descriptor, for memory made elsewhere.</li>
 * <li>{@link dev.physmem.host.HostEventFd}: an {@code eventfd(2)} counter, behind
 *     {@code EventFdNotifier} (QEMU's {@code util/event_notifier-posix.c}).</li>
 * <li>{@link dev.physmem.host.AnonymousMemory}: garbage-collected anonymous memory, behind
 *     {@code MemorySystem.initRam}.</li>
 * <li>{@link dev.physmem.host.HostMemoryException}: every host failure, with the errno.</li>
 * </ul>
 * The libc calls live in one package-private class, each with {@code errno} captured.
 */
package dev.physmem.host;
