package dev.physmem.listener;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.region.EventNotifier;
import java.util.List;
import java.util.Set;

/** A listener that appends one line per callback, prefixed with its name, to a shared log. */
final class RecordingListener implements MemoryListener {
    private final String name;
    private final int priority;
    private final List<String> log;

    RecordingListener(String name, int priority, List<String> log) {
        this.name = name;
        this.priority = priority;
        this.log = log;
    }

    static String describe(MemoryRegionSection s) {
        return s.region().name() + "@" + Long.toHexString(s.offsetWithinAddressSpace()) + "+"
                + Long.toHexString(s.size());
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public void begin() {
        log.add(name + " begin");
    }

    @Override
    public void commit() {
        log.add(name + " commit");
    }

    @Override
    public void regionAdd(MemoryRegionSection section) {
        log.add(name + " add " + describe(section));
    }

    @Override
    public void regionDel(MemoryRegionSection section) {
        log.add(name + " del " + describe(section));
    }

    @Override
    public void regionNop(MemoryRegionSection section) {
        log.add(name + " nop " + describe(section));
    }

    @Override
    public void logStart(MemoryRegionSection section, Set<DirtyClient> oldClients, Set<DirtyClient> newClients) {
        log.add(name + " logStart " + describe(section) + " " + oldClients + "->" + newClients);
    }

    @Override
    public void logStop(MemoryRegionSection section, Set<DirtyClient> oldClients, Set<DirtyClient> newClients) {
        log.add(name + " logStop " + describe(section) + " " + oldClients + "->" + newClients);
    }

    @Override
    public void logSync(MemoryRegionSection section) {
        log.add(name + " logSync " + describe(section));
    }

    @Override
    public void eventfdAdd(MemoryRegionSection section, boolean matchData, long data, EventNotifier e) {
        log.add(name + " eventfdAdd " + describeEventfd(section, matchData, data, e));
    }

    @Override
    public void eventfdDel(MemoryRegionSection section, boolean matchData, long data, EventNotifier e) {
        log.add(name + " eventfdDel " + describeEventfd(section, matchData, data, e));
    }

    @Override
    public void coalescedIoAdd(MemoryRegionSection section, long addr, long size) {
        log.add(name + " coalescedIoAdd " + describe(section) + " " + Long.toHexString(addr) + "+" + Long.toHexString(size));
    }

    @Override
    public void coalescedIoDel(MemoryRegionSection section, long addr, long size) {
        log.add(name + " coalescedIoDel " + describe(section) + " " + Long.toHexString(addr) + "+" + Long.toHexString(size));
    }

    /** {@code region@address+size[=data] notifier}, the section's size being the access width. */
    static String describeEventfd(MemoryRegionSection s, boolean matchData, long data, EventNotifier e) {
        return describe(s) + (matchData ? "=" + Long.toHexString(data) : "") + " " + e;
    }

    @Override
    public void logGlobalStart() {
        log.add(name + " logGlobalStart");
    }

    @Override
    public void logGlobalStop() {
        log.add(name + " logGlobalStop");
    }

    @Override
    public String toString() {
        return name;
    }
}
