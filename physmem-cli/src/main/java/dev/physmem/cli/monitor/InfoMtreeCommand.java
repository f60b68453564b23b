package dev.physmem.cli.monitor;

import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code info mtree [-f][-d][-o][-D]}: the memory tree, byte for byte as QEMU 7.2 prints it, with
 * QEMU's rules for the flags: each a separate word, in the order {@code -f -d -o -D}
 * (FORMAT.md §1). So {@code -o -f} is {@code mtree: unsupported option -f} and {@code -fd} is
 * {@code mtree: extraneous characters at the end of line}.
 */
final class InfoMtreeCommand implements Command {
    /** The flags in the only order QEMU accepts. */
    private static final String FLAGS = "fdoD";

    @Override
    public String name() {
        return "mtree";
    }

    @Override
    public String params() {
        return "[-f][-d][-o][-D]";
    }

    @Override
    public String help() {
        return "show memory tree (-f: dump flat view for address spaces;-d: dump dispatch tree, valid with -f only);"
                + "-o: dump region owners/parents;-D: dump disabled regions";
    }

    @Override
    public void run(Session session, Args args) {
        boolean[] given = new boolean[FLAGS.length()];
        for (int i = 0; i < FLAGS.length(); i++) {
            given[i] = args.flag(name(), FLAGS.charAt(i), FLAGS.substring(i + 1));
        }
        args.end();
        MonitorTarget target = session.target();
        var options = new MtreeOptions(given[0], given[1], given[2], given[3], target.accel());
        session.out().print(MtreePrinter.print(target.system(), options));
    }

    /** The flags that may still follow: those after the last one already typed. */
    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        int next = 0;
        for (String a : args) {
            int i = a.length() == 2 && a.charAt(0) == '-' ? FLAGS.indexOf(a.charAt(1)) : -1;
            if (i < 0) {
                return List.of();
            }
            next = Math.max(next, i + 1);
        }
        List<String> out = new ArrayList<>();
        for (int i = next; i < FLAGS.length(); i++) {
            out.add("-" + FLAGS.charAt(i));
        }
        return out;
    }
}
