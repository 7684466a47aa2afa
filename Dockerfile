# The Caravan hub as an image: docker compose up --build (docker-compose.yml), or
#   docker build -t caravan . && docker run -p 8080:8080 -p 8081:8081 -e MQTT_URL=... caravan
# Runs on outside servers given by MQTT_URL, DB_URL and REDIS_URL (docs/deployment.md); without them it would start
# its embedded servers inside the container, which only suits a quick look.

# --- build: Maven + JDK 17 --------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies and plugins first, in their own layer: downloaded again only when pom.xml changes. A package run on
# the bare pom fetches exactly what the real build uses (dependency:go-offline also wants optional artifacts that
# are not published).
COPY pom.xml ./
RUN mvn -B -q -DskipTests -Dspring-boot.repackage.skip=true package && rm -rf target
COPY src ./src
# the SunSpec model definitions and mapping go into the jar (pom.xml, docs/sunspec.md)
COPY adapters/sunspec ./adapters/sunspec
RUN mvn -B -DskipTests package

# --- run: JRE 17 ------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
# A user without login or home; numeric in USER so that "run as non-root" checks (Kubernetes) can verify it.
# The hub writes only below /app/data (unused with outside servers) and /app/routes; logs go to stdout.
RUN groupadd --gid 10001 caravan \
    && useradd --uid 10001 --gid caravan --no-create-home --home-dir /app --shell /usr/sbin/nologin caravan \
    && mkdir -p /app/data /app/routes \
    && chown caravan:caravan /app/data /app/routes
WORKDIR /app
COPY --from=build /build/target/caravan.jar /app/caravan.jar
USER 10001:10001

# Heap as a share of the container's memory limit; a JVM out of memory exits (and the container is restarted)
# instead of limping on. Override JAVA_OPTS to tune (e.g. -Xmx, GC logging).
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    CARAVAN_DATA_DIR=/app/data \
    CARAVAN_ROUTES_DIR=/app/routes

# 8080 HTTP API, 8081 management (actuator, Hawtio console)
EXPOSE 8080 8081

# /actuator/health is open (no login) and answers 503 while a server (broker, database, Redis) is unreachable.
# The image ships curl. The start period covers Flyway and Camel starting on a small machine.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8081/actuator/health || exit 1

# exec: java replaces the shell as PID 1 and gets SIGTERM from docker stop (graceful shutdown); arguments given to
# the container (docker run caravan --name=value) are passed to the hub.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/caravan.jar \"$@\"", "caravan"]
