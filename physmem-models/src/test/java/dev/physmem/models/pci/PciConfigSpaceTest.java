package dev.physmem.models.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class PciConfigSpaceTest {

    @Test
    void headerBitsFollowQemusMasks() {
        PciConfigSpace c = new PciConfigSpace(PciConfigSpace.CONVENTIONAL_SIZE);
        c.set(PciConfigSpace.VENDOR_ID, 0x8086, 2);
        c.writeMasked(PciConfigSpace.VENDOR_ID, 0xffff_ffffL, 4);
        assertThat(c.get(PciConfigSpace.VENDOR_ID, 4)).as("IDs are read-only").isEqualTo(0x8086);
        c.writeMasked(PciConfigSpace.COMMAND, 0xffff, 2);
        assertThat(c.get(PciConfigSpace.COMMAND, 2)).isEqualTo(0x0507);
        c.writeMasked(PciConfigSpace.CACHE_LINE_SIZE, 0xff, 1);
        c.writeMasked(PciConfigSpace.INTERRUPT_PIN - 1, 0xffff, 2);
        assertThat(c.get(PciConfigSpace.CACHE_LINE_SIZE, 1)).isEqualTo(0xff);
        assertThat(c.get(PciConfigSpace.INTERRUPT_LINE, 2)).as("line writable, pin not").isEqualTo(0x00ff);
        c.writeMasked(0x40, 0x1234_5678L, 4);
        assertThat(c.get(0x40, 4)).as("device-specific registers are writable").isEqualTo(0x1234_5678L);
    }

    @Test
    void statusErrorBitsClearWhenWrittenWithOne() {
        PciConfigSpace c = new PciConfigSpace(PciConfigSpace.CONVENTIONAL_SIZE);
        c.set(PciConfigSpace.STATUS, 0xf9f0, 2);
        c.writeMasked(PciConfigSpace.STATUS, 0x2100, 2);
        assertThat(c.get(PciConfigSpace.STATUS, 2)).as("master abort and parity cleared").isEqualTo(0xd8f0);
        c.writeMasked(PciConfigSpace.STATUS, 0x00f0, 2);
        assertThat(c.get(PciConfigSpace.STATUS, 2)).as("other bits read-only").isEqualTo(0xd8f0);
    }

    @Test
    void aNarrowedWriteMaskDropsItsWriteOneToClearBits() {
        PciConfigSpace c = new PciConfigSpace(PciConfigSpace.CONVENTIONAL_SIZE);
        c.setWriteMask(PciConfigSpace.STATUS, 0x0100, 2);
        c.set(PciConfigSpace.STATUS, 0x0000, 2);
        c.writeMasked(PciConfigSpace.STATUS, 0x0100, 2);
        assertThat(c.get(PciConfigSpace.STATUS, 2)).isEqualTo(0x0100);
    }

    @Test
    void rejectsAccessesOutsideTheSpace() {
        PciConfigSpace c = new PciConfigSpace(PciConfigSpace.CONVENTIONAL_SIZE);
        assertThatThrownBy(() -> c.get(0xfe, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset=0xfe");
        assertThatThrownBy(() -> new PciConfigSpace(512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=512");
        assertThat(new PciConfigSpace(PciConfigSpace.EXPRESS_SIZE).get(0xffc, 4)).isZero();
    }

    /** Random masked writes against a per-byte model of the three arrays. */
    @Test
    void maskedWritesMatchAPerByteModel() {
        long seed = Long.decode(System.getProperty("physmem.seed", Long.toString(System.nanoTime())));
        System.out.println("PciConfigSpaceTest.maskedWritesMatchAPerByteModel seed=" + seed + " (replay with -Dphysmem.seed=" + seed + ")");
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        PciConfigSpace c = new PciConfigSpace(PciConfigSpace.CONVENTIONAL_SIZE);
        int[] model = new int[PciConfigSpace.CONVENTIONAL_SIZE];
        int[] wmask = new int[model.length];
        int[] w1c = new int[model.length];
        for (int i = 0; i < model.length; i++) {
            wmask[i] = (int) c.writeMask(i, 1);
        }
        w1c[PciConfigSpace.STATUS + 1] = 0xf9;
        w1c[PciConfigSpace.STATUS] = 0x00;
        for (int step = 0; step < 5000; step++) {
            int length = 1 << random.nextInt(3);
            int offset = random.nextInt(model.length / length) * length;
            long value = random.nextLong() & ((1L << (8 * length)) - 1);
            if (random.nextInt(4) == 0) {
                c.set(offset, value, length);
                for (int i = 0; i < length; i++) {
                    model[offset + i] = (int) (value >>> (8 * i)) & 0xff;
                }
            } else {
                c.writeMasked(offset, value, length);
                for (int i = 0; i < length; i++) {
                    int b = (int) (value >>> (8 * i)) & 0xff;
                    int at = offset + i;
                    model[at] = ((model[at] & ~wmask[at]) | (b & wmask[at])) & ~(b & w1c[at]) & 0xff;
                }
            }
            int probe = random.nextInt(model.length);
            assertThat(c.get(probe, 1)).as("seed=%d step=%d offset=0x%x", seed, step, probe).isEqualTo(model[probe]);
        }
    }
}
