package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed chipset methods and a guest's configuration cycles are one path: the same random
 * PAM, SMRAM and command-register programme, applied to one machine through the typed API and to
 * another through ports 0xcf8/0xcfc, leaves the same registers and the same flat views. The
 * seed is fresh each run and printed; replay one with {@code -Dphysmem.seed=<seed>}.
 */
class ConfigCyclesAgreeWithTypedApiTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pc", "q35"})
    void randomProgrammesReachTheSameMap(String type) {
        long seed = Long.decode(System.getProperty("physmem.seed", Long.toString(System.nanoTime())));
        System.out.println("ConfigCyclesAgreeWithTypedApiTest " + type + " seed=" + seed + " (replay with -Dphysmem.seed=" + seed + ")");
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        X86Machine typed = MachineType.byName(type).build(new MemorySystem(), 256L << 20);
        X86Machine guest = MachineType.byName(type).build(new MemorySystem(), 256L << 20);
        boolean q35 = type.equals("q35");
        int pam0 = q35 ? Mch.PAM0 : I440fx.PAM0;
        int smram = q35 ? MchSmram.SMRAM_OFFSET : I440fx.SMRAM;
        String storage = q35 ? "ich9-ahci" : "piix3-ide";
        PciFunction typedIde = typed.pciBus().function(storage);
        int ideDevfn = typedIde.devfn();
        for (X86Machine m : new X86Machine[] {typed, guest}) {
            PciFunction f = m.pciBus().function(storage);
            f.setBarAddress(4, 0xc000);
            if (q35) {
                f.setBarAddress(Ich9Ahci.ABAR, 0xfebf_f000L);
            }
            f.setIoDecode(false);
        }
        for (int step = 0; step < 200; step++) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    int reg = random.nextInt(Pam.REGISTERS);
                    int value = random.nextInt(0x100);
                    typed.hostBridge().pam().writeRegister(reg, value);
                    configWriteByte(guest, 0x00, pam0 + reg, value);
                }
                case 1 -> {
                    int value = random.nextInt(0x100) & ~Smram.D_LCK;
                    typed.hostBridge().smram().writeRegister(value);
                    configWriteByte(guest, 0x00, smram, value);
                }
                default -> {
                    int command = random.nextInt(8);
                    typedIde.setIoDecode((command & 1) != 0);
                    typedIde.setMemoryDecode((command & 2) != 0);
                    typedIde.setBusMaster((command & 4) != 0);
                    configWriteByte(guest, ideDevfn, PciConfigSpace.COMMAND, command);
                }
            }
            for (int reg = 0; reg < Pam.REGISTERS; reg++) {
                assertThat(configRead(guest, 0x00, pam0 + reg)).as("seed=%d step=%d PAM%d", seed, step, reg)
                        .isEqualTo(typed.hostBridge().pam().readRegister(reg));
            }
            assertThat(configRead(guest, 0x00, smram)).as("seed=%d step=%d SMRAM", seed, step)
                    .isEqualTo(typed.hostBridge().smram().register());
        }
        assertThat(MtreePrinter.print(guest.system(), MtreeOptions.flatView()))
                .as("seed=%d", seed).isEqualTo(MtreePrinter.print(typed.system(), MtreeOptions.flatView()));
    }

    private static void configWriteByte(X86Machine machine, int devfn, int register, int value) {
        machine.ioSpace().stlLe(0xcf8, 0x8000_0000 | devfn << 8 | (register & 0xfc));
        machine.ioSpace().stb(0xcfc + (register & 3), value);
    }

    private static int configRead(X86Machine machine, int devfn, int register) {
        machine.ioSpace().stlLe(0xcf8, 0x8000_0000 | devfn << 8 | (register & 0xfc));
        return machine.ioSpace().ldub(0xcfc + (register & 3));
    }
}
