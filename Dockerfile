# Build stage: the release binary, with the dependency lock file honoured.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --locked --release --bin quotewire

# Runtime stage: the binary only, as a non-root user, the database on a volume.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /var/lib/quotewire --create-home quotewire \
    && mkdir -p /data && chown quotewire /data
COPY --from=build /src/target/release/quotewire /usr/local/bin/quotewire
USER quotewire
ENV QUOTEWIRE_DATABASE_URL=sqlite:///data/quotewire.db \
    QUOTEWIRE_BIND=0.0.0.0:3000
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
    CMD ["quotewire", "healthcheck", "--url", "http://127.0.0.1:3000/healthz"]
ENTRYPOINT ["quotewire"]
CMD ["serve"]
