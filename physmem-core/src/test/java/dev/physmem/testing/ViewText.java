package dev.physmem.testing;

import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.space.AddressSpace;
import java.util.List;

/**
 * Flat views as short lines for assertions: {@code "START-LAST NAME @OFFSET[ ro][ nv]"}, addresses
 * and offsets in lower-case hex without leading zeros, {@code LAST} inclusive.
 */
public final class ViewText {
    private ViewText() {
    }

    /** The ranges of {@code as}'s current view, in address order. */
    public static List<String> of(AddressSpace as) {
        return of(as.view());
    }

    /** The ranges of {@code view}, in address order. */
    public static List<String> of(FlatView view) {
        return view.ranges().stream().map(ViewText::of).toList();
    }

    /** One range. */
    public static String of(FlatRange r) {
        return Long.toHexString(r.start()) + "-" + Long.toHexString(r.last()) + " " + r.region().name()
                + " @" + Long.toHexString(r.offsetInRegion())
                + (r.readonly() ? " ro" : "") + (r.nonvolatile() ? " nv" : "");
    }
}
