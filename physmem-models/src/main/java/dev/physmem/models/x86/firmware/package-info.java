/**
 * Firmware presets: what a firmware's POST programs into a machine model's chipset, done
 * through the models' public register API. {@link dev.physmem.models.x86.firmware.SeaBios}
 * reproduces SeaBIOS 1.16 on QEMU 7.2's {@code pc} and {@code q35}.
 */
package dev.physmem.models.x86.firmware;
