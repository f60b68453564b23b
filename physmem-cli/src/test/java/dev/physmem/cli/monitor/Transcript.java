package dev.physmem.cli.monitor;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.MachineType;
import dev.physmem.models.x86.X86Machine;
import dev.physmem.models.x86.firmware.SeaBios;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/** A monitor script run through the piped path, and what it printed on each writer. */
record Transcript(String out, String err) {

    /** The pc machine with 512 MiB in its reset state. */
    static MonitorTarget pc() {
        return MonitorTarget.of(machine("pc"));
    }

    /** The q35 machine with 2 GiB after SeaBIOS's POST. */
    static MonitorTarget q35AfterSeaBios() {
        X86Machine m = MachineType.byName("q35").build(new MemorySystem(), 2L << 30);
        SeaBios.post(m);
        return MonitorTarget.of(m);
    }

    static X86Machine machine(String type) {
        return MachineType.byName(type).build(new MemorySystem(), 512L << 20);
    }

    /** A session over {@code target} whose output is thrown away: for completion tests. */
    static Session session(MonitorTarget target) {
        return new Monitor(target, new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()))
                .session();
    }

    /** Runs {@code lines} (one command each) on the pc machine. */
    static Transcript pc(String... lines) {
        return run(pc(), lines);
    }

    /** Runs {@code lines} (one command each) on {@code target}. */
    static Transcript run(MonitorTarget target, String... lines) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Monitor monitor = new Monitor(target, new PrintWriter(out), new PrintWriter(err));
        try {
            monitor.runPiped(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Transcript(out.toString(), err.toString());
    }
}
