package dev.physmem.cli.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for browser tests: finds it, installs Debian's {@code chromium} package when
 * it is missing and this process may (root, with {@code apt-get}), and runs it on a local file.
 *
 * <p>{@link #require()} aborts the calling test (a JUnit assumption, so it is reported as
 * skipped, with the reason) only where Chromium is missing and cannot be installed. Finding an
 * installed Chromium costs a few file checks; the answer is kept for the rest of the JVM.
 * {@code PHYSMEM_CHROMIUM} names a browser binary to use instead.
 *
 * <p>Each run gets a fresh {@code --user-data-dir} and the flags of TOOLCHAIN.md, so runs share no
 * state and touch no network. A run that outlives its timeout is killed with its children.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static Optional<Path> found;
    private static String unavailableReason;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, installed first if need be; aborts the test when that is impossible. */
    static synchronized HeadlessChromium require() {
        if (found == null) {
            long t0 = System.nanoTime();
            found = locate();
            if (found.isEmpty() && override() != null) {
                unavailableReason = "PHYSMEM_CHROMIUM=" + override() + " is not an executable file";
            } else if (found.isEmpty()) {
                found = install();
                System.out.printf("chromium: install attempt took %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
            } else {
                System.out.printf("chromium: found %s in %d ms%n", found.get(), (System.nanoTime() - t0) / 1_000_000L);
            }
            if (found.isEmpty()) {
                System.out.println("chromium: unavailable, browser tests are skipped: " + unavailableReason);
            }
        }
        Assumptions.assumeTrue(found.isPresent(), () -> "no usable Chromium: " + unavailableReason
                + ". Install Debian's chromium package (apt-get install chromium) to run this test.");
        return new HeadlessChromium(found.get());
    }

    /** The browser binary named by {@code PHYSMEM_CHROMIUM}, or null. */
    private static String override() {
        String override = System.getenv("PHYSMEM_CHROMIUM");
        return override == null || override.isBlank() ? null : override;
    }

    private static Optional<Path> locate() {
        if (override() != null) {
            return Optional.of(Path.of(override())).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** apt-get update, then install; both wait for a dpkg lock held by a parallel apt run. */
    private static Optional<Path> install() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            unavailableReason = "no apt-get on this system";
            return Optional.empty();
        }
        if (!isRoot()) {
            unavailableReason = "installing needs root, and this test runs as user " + System.getProperty("user.name");
            return Optional.empty();
        }
        try {
            List<String> lock = List.of("-o", "DPkg::Lock::Timeout=600");
            List<String> update = new ArrayList<>(List.of("apt-get", "-q"));
            update.addAll(lock);
            update.add("update");
            List<String> install = new ArrayList<>(List.of("apt-get", "-q", "-y", "--no-install-recommends"));
            install.addAll(lock);
            install.addAll(List.of("install", "chromium", "fonts-dejavu-core"));
            for (List<String> command : List.of(update, install)) {
                Result r = run(command, APT_TIMEOUT, Path.of("/"));
                if (r.exitCode() != 0) {
                    unavailableReason = String.join(" ", command) + " failed with exit code " + r.exitCode() + ": "
                            + tail(r.output());
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            unavailableReason = "cannot run apt-get: " + e.getMessage();
            return Optional.empty();
        }
        Optional<Path> installed = locate();
        if (installed.isEmpty()) {
            unavailableReason = "apt-get installed chromium, but no chromium binary is on the PATH";
        }
        return installed;
    }

    private static boolean isRoot() {
        try {
            Result r = run(List.of("id", "-u"), Duration.ofSeconds(10), Path.of("/"));
            return r.exitCode() == 0 && r.output().strip().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    /** The DOM of {@code page} after its scripts ran, as Chromium serializes it. */
    String dumpDom(Path page, Path workDir) throws IOException {
        Result r = run(command(workDir, "--dump-dom", page.toUri().toString()), RUN_TIMEOUT, workDir);
        if (r.exitCode() != 0) {
            throw new IOException("chromium --dump-dom failed: exitCode=" + r.exitCode() + " output=" + tail(r.output()));
        }
        return r.output();
    }

    /** Saves a PNG of {@code page} in a {@code width} x {@code height} window to {@code png}. */
    void screenshot(Path page, Path png, int width, int height, Path workDir) throws IOException {
        Result r = run(command(workDir, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri().toString()), RUN_TIMEOUT, workDir);
        if (r.exitCode() != 0 || !Files.isRegularFile(png)) {
            throw new IOException("chromium --screenshot failed: exitCode=" + r.exitCode() + " output=" + tail(r.output()));
        }
    }

    private List<String> command(Path workDir, String... args) throws IOException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        return command;
    }

    /** A finished process: its exit code, and stdout (stderr goes to a file, not read). */
    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Duration timeout, Path workDir) throws IOException {
        Path out = Files.createTempFile("physmem-chromium-", ".out");
        Path err = Files.createTempFile("physmem-chromium-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("timed out after " + timeout.toSeconds() + " s: " + command.getFirst());
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), p.exitValue() == 0 ? stdout : stdout + stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }
}
