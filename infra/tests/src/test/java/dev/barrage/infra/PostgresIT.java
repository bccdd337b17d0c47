package dev.barrage.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL started by infra/up: the barrage role and database, then a Flyway migration and a query. */
@ExtendWith(InfraExtension.class)
class PostgresIT {

  private static final String USER = "barrage";
  private static final String PASSWORD = "barrage";

  /** Each run migrates a database of its own, so 'barrage' stays for the application. */
  private final String database = "infra_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeEach
  void createDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(Infra.jdbcUrl("barrage"), USER, PASSWORD);
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(Infra.jdbcUrl("barrage"), USER, PASSWORD);
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void theBarrageDatabaseIsPostgres15OwnedByTheBarrageRole() throws SQLException {
    try (Connection c = DriverManager.getConnection(Infra.jdbcUrl("barrage"), USER, PASSWORD);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("""
             SELECT current_setting('server_version_num')::int, current_user,
                    pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding)
               FROM pg_database d WHERE d.datname = current_database()""")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1) / 10000).isEqualTo(15);
      assertThat(rs.getString(2)).isEqualTo("barrage");
      assertThat(rs.getString(3)).isEqualTo("barrage");
      assertThat(rs.getString(4)).isEqualTo("UTF8");
    }
  }

  @Test
  void flywayMigratesAndTheDataCanBeQueried() throws SQLException {
    Flyway flyway = Flyway.configure()
        .dataSource(Infra.jdbcUrl(database), USER, PASSWORD)
        .locations("classpath:db/migration")
        .load();

    MigrateResult result = flyway.migrate();

    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isEqualTo(2);
    assertThat(result.targetSchemaVersion).isEqualTo("2");
    assertThat(flyway.migrate().migrationsExecuted).as("a second migrate has nothing to do").isZero();

    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(Infra.jdbcUrl(database), USER, PASSWORD);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(
             "SELECT name, details ->> 'port_env' FROM infra_smoke ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getString(2));
      }
    }
    assertThat(rows).containsExactly("postgres=BARRAGE_PG_PORT", "kafka=null", "keycloak=null");
  }
}
