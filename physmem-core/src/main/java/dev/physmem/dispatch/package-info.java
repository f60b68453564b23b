/**
 * How address-space consumers see the flat view.
 *
 * <ul>
 *   <li>{@link dev.physmem.dispatch.MemoryRegionSection}: one piece of a flat view with its
 *       region, offsets, flags and dirty-log clients, as listeners receive it (QEMU's
 *       {@code MemoryRegionSection}).</li>
 * </ul>
 */
package dev.physmem.dispatch;
