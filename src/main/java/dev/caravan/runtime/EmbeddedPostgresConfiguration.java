package dev.caravan.runtime;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded PostgreSQL (real PostgreSQL binaries shipped in a Maven artifact), used when {@code DB_URL} is unset.
 * Its data lives in {@code <data-dir>/postgres} and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "caravan.db.embedded.enabled", havingValue = "true")
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DataDirectory data,
                                      @Value("${caravan.db.embedded.port}") int port,
                                      @Value("${caravan.db.embedded.database}") String database) throws IOException {
        var dir = data.resolve("postgres");
        StaleServerProcess.stopIfRunning(dir.resolve("postmaster.pid"), "postgres", Duration.ofSeconds(30));
        PortInUse.refuse(port, "PostgreSQL", "caravan.db.embedded.port (DB_PORT)");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // stopped by this bean's destroy, after everything that uses it; a JVM hook of its own would race them
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "100")
                // the library's defaults suit throwaway test databases (no fsync, asynchronous commit); the hub
                // acknowledges a message once it is committed, so a commit must be on disk
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        createDatabase(postgres.getPostgresDatabase(), database);
        LOG.info("Embedded PostgreSQL on port {} (data {})", port, dir);
        return postgres;
    }

    private static void createDatabase(DataSource admin, String database) {
        try (Connection c = admin.getConnection();
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database \"" + database.replace("\"", "") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " in the embedded PostgreSQL", e);
        }
    }

    /** The data source (and with it the migrations) waits for the embedded server. */
    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor dataSourceDependsOnEmbeddedPostgres() {
        return new AbstractDependsOnBeanFactoryPostProcessor(DataSource.class, "embeddedPostgres") {
        };
    }
}
