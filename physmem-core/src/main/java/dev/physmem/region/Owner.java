package dev.physmem.region;

import java.util.Objects;

/**
 * Who owns a region, as {@code info mtree -o} prints it. QEMU counterpart: the region's
 * {@code owner} object, or for an ownerless region its QOM parent.
 *
 * @param kind how the owner is named
 * @param value the device id or the QOM path
 */
public record Owner(Kind kind, String value) {

    /** The four forms QEMU 7.2 prints. */
    public enum Kind {
        /** A device with a user or board id: {@code owner:{dev id=ID}}. */
        DEVICE_ID("owner:{dev id=%s}"),
        /** A device without an id: {@code owner:{dev path=PATH}}. */
        DEVICE_PATH("owner:{dev path=%s}"),
        /** A non-device object: {@code owner:{obj path=PATH}}. */
        OBJECT_PATH("owner:{obj path=%s}"),
        /** No owner; the region's QOM parent: {@code parent:{obj path=PATH}}. */
        PARENT_PATH("parent:{obj path=%s}");

        private final String format;

        Kind(String format) {
            this.format = format;
        }
    }

    /** Ownerless regions hang below this QOM path, as QEMU's do. */
    public static final Owner UNATTACHED = new Owner(Kind.PARENT_PATH, "/machine/unattached");

    public Owner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.indexOf('}') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("owner value may not contain '}' or a newline: value=" + value);
        }
    }

    public static Owner deviceId(String id) {
        return new Owner(Kind.DEVICE_ID, id);
    }

    public static Owner devicePath(String path) {
        return new Owner(Kind.DEVICE_PATH, path);
    }

    public static Owner objectPath(String path) {
        return new Owner(Kind.OBJECT_PATH, path);
    }

    public static Owner parentPath(String path) {
        return new Owner(Kind.PARENT_PATH, path);
    }

    /** The suffix text exactly as {@code info mtree -o} prints it, without the leading space. */
    public String format() {
        return kind.format.formatted(value);
    }

    /** Parses a suffix printed by {@link #format()}; returns null when {@code text} is not one. */
    public static Owner parse(String text) {
        for (Kind k : Kind.values()) {
            String prefix = k.format.substring(0, k.format.indexOf("%s"));
            if (text.startsWith(prefix) && text.endsWith("}") && text.length() > prefix.length()) {
                return new Owner(k, text.substring(prefix.length(), text.length() - 1));
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return format();
    }
}
