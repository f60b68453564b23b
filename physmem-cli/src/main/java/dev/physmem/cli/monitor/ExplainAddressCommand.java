package dev.physmem.cli.monitor;

import dev.physmem.inspect.Explainer;
import dev.physmem.inspect.ExplanationFormatter;
import dev.physmem.space.AddressSpace;
import java.util.List;

/**
 * {@code explain addr [--as NAME]}: which region answers an address and why, as the
 * {@code physmem explain} verb prints it: every candidate region from the root down, with
 * priorities, aliases followed, and disabled or shadowed regions marked.
 */
final class ExplainAddressCommand implements Command {

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String params() {
        return "addr " + SpaceOption.PARAMS;
    }

    @Override
    public String help() {
        return "show which region answers 'addr', and why";
    }

    @Override
    public List<String> details() {
        return List.of("addr is an expression; --as NAME explains it in another address space (default: memory).",
                "Example: explain 0xa0000, then smram open, then explain 0xa0000 again.");
    }

    @Override
    public void run(Session session, Args args) {
        Args.WithOption as = SpaceOption.take(args);
        Args rest = as.rest();
        long addr = rest.expression();
        rest.end();
        AddressSpace space = SpaceOption.resolve(session, as.value());
        session.out().print(ExplanationFormatter.format(space.name(), Explainer.explain(space, addr)));
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        return SpaceOption.complete(session, args, partial);
    }
}
