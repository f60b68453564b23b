package dev.physmem.cli.monitor;

import java.util.List;

/** {@code quit|q}: end the session. */
final class QuitCommand implements Command {

    @Override
    public String name() {
        return "quit";
    }

    @Override
    public List<String> aliases() {
        return List.of("q");
    }

    @Override
    public String params() {
        return "";
    }

    @Override
    public String help() {
        return "quit the monitor";
    }

    @Override
    public void run(Session session, Args args) {
        args.end();
        session.requestQuit();
    }
}
