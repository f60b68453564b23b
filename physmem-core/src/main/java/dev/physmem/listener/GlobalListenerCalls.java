package dev.physmem.listener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Calls that go to every listener of every address space at once, in one priority order across
 * them all: QEMU's {@code MEMORY_LISTENER_CALL_GLOBAL}, used for {@code log_global_start}
 * (forward) and {@code log_global_stop} (reverse). Equal priorities keep address-space order,
 * then registration order. Rare (global dirty logging starts and stops), so it may allocate.
 */
public final class GlobalListenerCalls {
    private GlobalListenerCalls() {
    }

    /** Calls {@code call} on every listener of {@code spaces}, ascending priority. */
    public static void forward(List<AddressSpaceListeners> spaces, Consumer<MemoryListener> call) {
        for (MemoryListener l : ordered(spaces)) {
            call.accept(l);
        }
    }

    /** Calls {@code call} on every listener of {@code spaces}, descending priority. */
    public static void reverse(List<AddressSpaceListeners> spaces, Consumer<MemoryListener> call) {
        List<MemoryListener> all = ordered(spaces);
        for (int i = all.size() - 1; i >= 0; i--) {
            call.accept(all.get(i));
        }
    }

    private record Entry(int priority, int seq, MemoryListener listener) {
    }

    private static List<MemoryListener> ordered(List<AddressSpaceListeners> spaces) {
        List<Entry> entries = new ArrayList<>();
        for (AddressSpaceListeners space : spaces) {
            List<MemoryListener> ls = space.listeners();
            for (int i = 0; i < ls.size(); i++) {
                entries.add(new Entry(space.priorityAt(i), entries.size(), ls.get(i)));
            }
        }
        entries.sort(Comparator.comparingInt(Entry::priority).thenComparingInt(Entry::seq));
        List<MemoryListener> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.listener());
        }
        return out;
    }
}
