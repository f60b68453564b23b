/**
 * physmem: QEMU's guest memory API for the JVM. Start at {@link dev.physmem.MemorySystem}, which
 * makes regions and address spaces and commits transactions.
 */
package dev.physmem;
