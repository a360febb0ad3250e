# Build stage: the release binary, with the dependency lock file honoured.
FROM rust:1-slim-bookworm AS build
WORKDIR /src

# Dependencies first, in a layer of their own: it is rebuilt only when a manifest,
# the lock file or the build settings change, not at every source change. Cargo
# reads every target a manifest names when it parses it, so the library, binary and
# bench targets get empty stand-ins here.
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY crates/annotate/Cargo.toml crates/annotate/
RUN mkdir -p src benches crates/annotate/src crates/annotate/benches \
    && touch src/lib.rs crates/annotate/src/lib.rs \
    && for f in src/main.rs benches/queries.rs crates/annotate/benches/quotes.rs \
                crates/annotate/benches/ner.rs; do echo 'fn main() {}' > "$f"; done \
    && cargo build --locked --release --bin quotewire

# The sources, with what they embed at compile time (migrations, assets/,
# data/samples/, crates/annotate/data/). COPY keeps the files' own modification
# times, which may be older than the stand-ins' build: touch the crate roots so
# that cargo rebuilds both crates of the workspace.
COPY . .
RUN touch src/main.rs src/lib.rs crates/annotate/src/lib.rs \
    && cargo build --locked --release --bin quotewire

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
