/**
 * QEMU's Arm machines as physmem region trees: {@link dev.physmem.models.arm.VirtMachine}, the
 * aarch64 {@code virt} board (GICv2, PL011, PL031, PL061, flash pair, virtio-mmio, fw_cfg,
 * platform bus, GPEX PCIe), built from the pieces it shares with the riscv64 {@code virt} board
 * ({@link dev.physmem.models.pci.GpexHost}, {@link dev.physmem.models.PflashCfi01},
 * {@link dev.physmem.models.VirtioMmio}, {@link dev.physmem.models.FwCfg}).
 */
package dev.physmem.models.arm;
