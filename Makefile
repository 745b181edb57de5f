# Readmark: every set-up step a fresh Debian machine (Python 3.11, root, no display) needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
QT_DEBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libglib2.0-0 fonts-dejavu-core \
	xvfb xauth desktop-file-utils appstream strace pandoc
# Another apt or dpkg run (an unattended upgrade) holds the lock: wait for it, don't fail.
APT_WAIT := -o DPkg::Lock::Timeout=600
export READMARK_ROOT := $(CURDIR)

.PHONY: run test bench lint fmt system-deps venv screenshot clean package install-desktop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Qt needs a few system libraries; install them only when Qt cannot load (needs root + apt).
system-deps: $(STAMP)
	@if ! $(PY) -c "import PySide6.QtWidgets" 2>/dev/null || ! command -v Xvfb >/dev/null \
		|| ! command -v desktop-file-validate >/dev/null || ! command -v appstreamcli >/dev/null \
		|| ! command -v strace >/dev/null; then \
		echo "Installing the Debian libraries Qt needs: $(QT_DEBS)"; \
		apt-get $(APT_WAIT) update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -qq $(QT_DEBS) >/dev/null; \
	fi

run: system-deps
	$(PY) -m app $(ARGS)

# The window rendered to SHOT (a temporary file unless named) on a throw-away data folder,
# so neither the committed pictures nor the user's data folder change.
SHOT ?= $(shell mktemp --suffix=.png -u /tmp/readmark-window-XXXXXX)
screenshot: system-deps
	@data=$$(mktemp -d); status=0; \
	$(PY) -m app --offscreen --data "$$data" --screenshot "$(SHOT)" $(ARGS) || status=$$?; \
	rm -rf "$$data"; [ $$status -eq 0 ] && echo "Window rendered to $(SHOT)"; exit $$status

test: system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(ARGS)

bench: system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.perf $(ARGS)

# What CI checks before the tests: ruff, formatting, mypy --strict on everything that is not
# Qt (the core, the CLI and its commands), and mypy on the window.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict app/core app/cli.py app/commands app/__main__.py app/window_options.py
	$(VENV)/bin/mypy app/ui

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The one-folder bundle dist/Readmark/ (PyInstaller goes into .venv if missing, never system-wide).
package: system-deps
	$(PY) packaging/build_bundle.py $(ARGS)

# Launcher, icons and AppStream file for the current user (~/.local/share); the launcher runs
# .venv/bin/readmark-gui, or ARGS="--exec dist/Readmark/Readmark" for the bundle.
install-desktop: $(STAMP)
	$(PY) packaging/install_desktop.py $(ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
