# Builds xstudy from this repository and runs the packaged app (target/quarkus-app, the same files and the same
# command as README's "Run without Docker") on a Java 17 runtime, as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml mvnw ./
COPY .mvn .mvn
RUN ./mvnw -B -q -ntp dependency:go-offline || true
COPY src src
COPY migrations migrations
COPY frontend frontend
RUN ./mvnw -B -q -ntp package -DskipTests

FROM debian:bookworm-slim
# The package lists stay: on first start xstudy fetches the demo data with `apt-get download python3-pattern`
# (no root needed) and trains the demo models into /data (see docs/models.md). curl serves the health check.
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates curl \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin xstudy \
    && mkdir -p /data && chown xstudy:xstudy /data
COPY --from=build /src/target/quarkus-app/ /app/
ENV XSTUDY_HOME=/data
VOLUME /data
USER xstudy
WORKDIR /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/q/health/ready || exit 1
CMD ["java", "-jar", "/app/quarkus-run.jar"]
