package dev.caravan.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Certificates made by the repository's tls/dev-ca.sh in a temporary folder, as an operator makes them
 * (docs/tls.md). Needs openssl (skipped locally without it, a failure in CI).
 */
public final class DevCertificates {

    public static final String PASSWORD = "it-secret";
    private static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

    private final Path dir;

    private DevCertificates(Path dir) {
        this.dir = dir;
    }

    /** A CA and the server certificate for localhost. */
    public static DevCertificates make() throws Exception {
        OutsideTools.require("Debian: apt-get install openssl", "openssl");
        DevCertificates certificates = new DevCertificates(Files.createTempDirectory("caravan-tls-"));
        certificates.devCa("server");
        return certificates;
    }

    /** A device's client certificate (CN = the id): device-ID.crt, .key, .p12. */
    public DevCertificates device(String id) throws Exception {
        devCa("device", id);
        return this;
    }

    /** Another client's certificate: client-NAME.crt, .key, .p12. */
    public DevCertificates client(String name) throws Exception {
        devCa("client", name);
        return this;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private void devCa(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("tls/dev-ca.sh").toString(), "--dir",
                dir.toString(), "--password", PASSWORD));
        command.addAll(List.of(args));
        OutsideTools.Result made = OutsideTools.run(command, Map.of("JAVA_HOME", System.getProperty("java.home")),
                60);
        if (made.exitCode() != 0) {
            throw new IllegalStateException("tls/dev-ca.sh " + String.join(" ", args) + " said:\n" + made.output());
        }
    }
}
