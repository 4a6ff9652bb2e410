# broadsheet in a container: the image that docs/examples/k8s-indexed-job.yaml runs.
#   docker build -t registry.example.com/broadsheet:0.1.0 .
#   docker run --rm -v "$PWD:/work" -w /work registry.example.com/broadsheet:0.1.0 \
#     convert samples -o out -t pdf,epub
# Two stages: the Rust toolchain builds the binary; the runtime image holds only that
# binary (the fonts are compiled into it), the licences, and a shell for the Job's
# `sh -c`. tests/docker.rs checks this file against the build context and the example.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Only what the build reads (.dockerignore keeps target/, .venv/ and out/ away).
COPY Cargo.toml Cargo.lock ./
COPY vendor vendor
COPY benches benches
COPY src src
COPY fonts fonts
RUN cargo install --locked --path . --root /usr/local

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/broadsheet /usr/local/bin/broadsheet
COPY LICENSE LICENSE-MIT LICENSE-APACHE fonts/OFL.txt /usr/share/doc/broadsheet/
USER 65534:65534
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/broadsheet"]
CMD ["--help"]
