/**
 * QEMU's RISC-V machines as physmem region trees: {@link dev.physmem.models.riscv.VirtMachine},
 * the riscv64 {@code virt} board (ACLINT, PLIC, 16550 UART, goldfish RTC, SiFive test, mask ROM,
 * flash pair, virtio-mmio, fw_cfg, platform bus, GPEX PCIe), built from the pieces it shares with
 * the aarch64 {@code virt} board ({@link dev.physmem.models.pci.GpexHost},
 * {@link dev.physmem.models.PflashCfi01}, {@link dev.physmem.models.VirtioMmio},
 * {@link dev.physmem.models.FwCfg}).
 */
package dev.physmem.models.riscv;
