# Two commands matter: `make run` (set up, then record from the microphone, or analyse the bundled demo
# session where there is no microphone or no terminal) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= out

.PHONY: run demo test test-fast benchmark accuracy classifier-eval train-classifier verify-encoder render-demo clean

run: $(VENV)/.installed
	@if [ -t 0 ] && $(BIN)/balint devices >/dev/null 2>&1; then \
		$(BIN)/balint record; \
	else \
		echo "no microphone or no terminal here: analysing the bundled demo session instead"; \
		$(BIN)/balint analyse examples/demo/session.flac --speakers 7 --out $(OUT)/demo; \
	fi

demo: $(VENV)/.installed
	$(BIN)/balint analyse examples/demo/session.flac --speakers 7 --out $(OUT)/demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -ra

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -ra -m "not slow"

accuracy: $(VENV)/.installed-test
	$(BIN)/python benchmarks/accuracy.py

classifier-eval: $(VENV)/.installed-test
	$(BIN)/python benchmarks/classifier_eval.py

train-classifier: $(VENV)/.installed
	$(BIN)/python models/train_utterance_model.py

benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/recording.py

# Re-checks the committed ONNX speaker encoder against resemblyzer's torch original (needs torch: separate venv).
verify-encoder: $(VENV)/.installed
	test -x .venv-convert/bin/python || $(PYTHON) -m venv .venv-convert
	.venv-convert/bin/python -m pip install -q torch==2.13.0 'setuptools<81' resemblyzer==0.1.4 onnx faster-whisper
	.venv-convert/bin/python models/convert_speaker_encoder.py --verify

render-run: $(VENV)/.installed
	@if [ -t 0 ] && $(BIN)/balint devices >/dev/null 2>&1; then \
		$(BIN)/balint record; \
	else \
		echo "no microphone or no terminal here: analysing the bundled demo session instead"; \
		$(BIN)/balint analyse examples/demo/session.flac --speakers 7 --out $(OUT)/demo; \
	fi

demo: $(VENV)/.installed   # needs espeak-ng and flac (apt-get install espeak-ng flac)
	$(BIN)/python examples/demo/render.py

$(VENV)/.installed: pyproject.toml $(shell find recorder analysis models -name "*.py" -o -name "*.onnx")
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q .
	touch $@

# The tests cover the optional pyannote backend too: its extra is ~7 GB (torch) and ~3 min to install.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q ".[test,pyannote]"
	touch $@

clean:
	rm -rf $(VENV) .venv-convert build *.egg-info $(OUT)
