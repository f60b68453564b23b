package dev.physmem.models.x86.firmware;

import dev.physmem.models.x86.X86Machine;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What has run on a machine before it is inspected, named as the CLI's {@code --firmware} takes it. */
public enum FirmwarePreset {
    /** Nothing: the machine as reset leaves it (QEMU started with {@code -S}). */
    NONE("none"),
    /** SeaBIOS's POST: see {@link SeaBios}. */
    SEABIOS("seabios");

    private final String presetName;

    FirmwarePreset(String presetName) {
        this.presetName = presetName;
    }

    /** The preset's name. */
    public String presetName() {
        return presetName;
    }

    /** Applies the preset to {@code machine}. */
    public void apply(X86Machine machine) {
        switch (this) {
            case NONE -> { }
            case SEABIOS -> SeaBios.post(machine);
        }
    }

    /**
     * The preset named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException if no preset has that name
     */
    public static FirmwarePreset byName(String name) {
        for (FirmwarePreset p : values()) {
            if (p.presetName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown firmware preset: name=" + name + " known="
                + Arrays.stream(values()).map(FirmwarePreset::presetName).collect(Collectors.joining(",")));
    }
}
