package io.accountmap.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Starts a real Neo4j 5.26 community server in this JVM with Bolt on a loopback port.
 *
 * <p>Arguments are {@code --key value} pairs:
 * <ul>
 *   <li>{@code --home DIR} the server's home folder (data, logs); created when missing</li>
 *   <li>{@code --port N} the Bolt port on 127.0.0.1</li>
 *   <li>{@code --pagecache SIZE} page cache size, e.g. {@code 512m}</li>
 *   <li>{@code --tx-memory SIZE} per-database transaction memory cap (0 = unlimited)</li>
 *   <li>{@code --exit-on-stdin-eof true} stop when the parent process goes away</li>
 * </ul>
 * The password comes from the {@code NEO4J_LAUNCHER_PASSWORD} environment variable so that it never
 * shows in a process listing. One line {@code READY bolt://127.0.0.1:PORT} on stdout says the server
 * accepts connections.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parseArgs(args);
        Path home = Path.of(required(options, "home")).toAbsolutePath();
        int port = Integer.parseInt(required(options, "port"));
        String password = System.getenv("NEO4J_LAUNCHER_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_LAUNCHER_PASSWORD must be set to at least 8 characters");
            System.exit(2);
        }
        Files.createDirectories(home);

        Map<String, String> config = new HashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + port);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        // Loopback only: TLS would add nothing but certificate handling.
        config.put("server.bolt.tls_level", "DISABLED");
        config.put("server.http.enabled", "false");
        config.put("server.https.enabled", "false");
        config.put("dbms.security.auth_enabled", "true");
        config.put("dbms.usage_report.enabled", "false");
        config.put("server.memory.pagecache.size", options.getOrDefault("pagecache", "512m"));
        config.put("db.memory.transaction.total.max", options.getOrDefault("tx-memory", "0"));
        config.put("server.directories.logs", home.resolve("logs").toString());

        // Raw setting names through a config file: the builder takes typed Settings otherwise,
        // and the names stay the ones Neo4j's own documentation uses.
        Path conf = home.resolve("conf").resolve("neo4j.conf");
        Files.createDirectories(conf.getParent());
        StringBuilder lines = new StringBuilder();
        config.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        Files.writeString(conf, lines.toString());

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        setPassword(service.database("system"), password);

        if (Boolean.parseBoolean(options.getOrDefault("exit-on-stdin-eof", "false"))) {
            watchParent(System.in);
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // A reused home already has this password; Neo4j refuses to "change" it to itself.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /** The parent holds our stdin open; when it dies the pipe closes and we stop with it. */
    private static void watchParent(InputStream stdin) {
        Thread watcher = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (stdin.read(buffer) >= 0) {
                    // Nothing is ever written; reading only detects end of stream.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone too.
            }
            System.exit(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            System.err.println("missing --" + key);
            System.exit(2);
        }
        return value;
    }
}
