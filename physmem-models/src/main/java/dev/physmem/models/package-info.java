/**
 * Device models and machine pieces that more than one machine uses: the roots every machine
 * starts from ({@link dev.physmem.models.MemoryRoots}), main RAM ({@link dev.physmem.models.MachineRam}),
 * plain-register devices ({@link dev.physmem.models.RegisterFile}, {@link dev.physmem.models.Regions}),
 * unassigned I/O ({@link dev.physmem.models.UnassignedIo}), the owners of board-created devices
 * ({@link dev.physmem.models.UnattachedDevices}), fw_cfg ({@link dev.physmem.models.FwCfg}), CFI
 * flash ({@link dev.physmem.models.PflashCfi01}), virtio-mmio transports
 * ({@link dev.physmem.models.VirtioMmio}), the platform bus ({@link dev.physmem.models.PlatformBus}),
 * and what the two {@code virt} machines share ({@link dev.physmem.models.VirtBoard}). The machines
 * live in {@code x86}, {@code arm} and {@code riscv}; PCI in {@code pci}.
 */
package dev.physmem.models;
