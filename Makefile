# The one entry point. `make` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml .python-version | sha1sum | cut -c1-12)
# Python from .python-version (pyenv), else python3.10 on PATH.
BASE_PYTHON ?= $(shell (command -v pyenv >/dev/null && pyenv which python 2>/dev/null) || command -v python3.10)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install browser nginx run-scaled knowledge coverage train run shell handoffs review story reload interactive purge validate lint test screenshot nlu-eval understanding crossval bench profile load clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP):
	@test -n "$(BASE_PYTHON)" || { echo "Python 3.10 not found: install it with pyenv (see .python-version)."; exit 1; }
	@$(BASE_PYTHON) -c 'import sys; assert (3, 8) <= sys.version_info[:2] <= (3, 10), "Rasa 3.6 needs Python 3.8-3.10, not %s" % sys.version.split()[0]'
	$(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## create .venv with the pinned packages

CHROMIUM ?= /usr/bin/chromium
browser: ## install Debian's chromium for the browser test, if it is missing
	@if [ -x "$(CHROMIUM)" ]; then echo "Chromium: $(CHROMIUM)"; \
	elif command -v apt-get >/dev/null; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	else echo "Install Chromium (Debian package chromium) or set CHROMIUM to its path."; exit 1; fi

nginx: ## install Debian's nginx for make run-scaled, if it is missing
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then echo "nginx: $$(command -v nginx || echo /usr/sbin/nginx)"; \
	elif command -v apt-get >/dev/null; then \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; \
	else echo "Install nginx (Debian package nginx)."; exit 1; fi

knowledge: install ## load data/knowledge into the knowledge base and build the spaCy pipeline
	$(PY) -m bot prepare

coverage: install ## the role x topic matrix of the knowledge base (fact, recorded gap or hole)
	$(PY) -m bot coverage

train: knowledge ## train the model if it is missing or stale
	$(PY) -m bot train

run: install ## build what is missing, then run the action server (5055) and Rasa (5005)
	$(PY) -m bot.run

run-scaled: install nginx ## RASA_REPLICAS Rasa and ACTION_REPLICAS action servers on PostgreSQL + Redis, behind nginx
	$(PY) -m bot.run --scaled

shell: install ## advisors: start the action server if needed and open rasa shell
	$(PY) -m bot.run --shell

handoffs: install ## advisors: list the conversations in which a student asked for a person
	$(PY) -m bot handoffs

review: install ## operators: what students asked that the bot missed (DAYS=7; ARGS=--with-senders)
	$(PY) -m bot review --days $(or $(DAYS),7) $(ARGS)

story: install ## operators: one real conversation as a test story (SENDER=conversation id)
	@test -n "$(SENDER)" || { echo "Say which conversation: make story SENDER=<id> (make review ARGS=--with-senders lists them)."; exit 2; }
	$(PY) -m bot story --sender "$(SENDER)" $(ARGS)

reload: install ## operators: put the newly trained model live in the running bot, no downtime
	$(PY) -m bot reload

interactive: install ## operators: Rasa's interactive learning on the current model
	$(PY) -m bot.run --interactive

purge: install ## operators: delete conversations whose last message is older than DAYS days
	@test -n "$(DAYS)" || { echo "Say how old: make purge DAYS=90 (conversations idle for longer are deleted)."; exit 2; }
	$(PY) -m bot purge --older-than "$(DAYS)" $(ARGS)

validate: knowledge ## check the knowledge files and the Rasa training data
	$(PY) -m bot check-knowledge
	$(PY) -m bot coverage
	$(PY) -m bot.validation

lint: install ## ruff
	$(PY) -m ruff check bot actions tests benchmarks

test: lint validate train browser nginx ## everything: lint, data validation, pytest (KB, actions, end to end), conversation tests
	$(PY) -m pytest
	$(PY) -m rasa test core --stories tests/stories --model models/current.tar.gz \
		--fail-on-prediction-errors --out results/stories

screenshot: train browser ## the README's picture of the web page in a conversation (docs/widget.png)
	SCREENSHOT_PATH=docs/widget.png $(PY) -m pytest tests/e2e/test_browser.py -k conversation

nlu-eval: knowledge ## NLU quality on the held-out examples in tests/nlu (intent and entity F1)
	$(PY) -m rasa test nlu --nlu tests/nlu/heldout.yml --model models/current.tar.gz --out results/nlu
	$(PY) -m rasa test nlu --nlu tests/nlu/heldout_topics.yml --model models/current.tar.gz \
		--out results/nlu-topics
	@echo "held-out set (tests/nlu/heldout.yml):"
	@$(PY) -m bot.nlu.report results/nlu
	@echo "held-out questions on the newer topics (tests/nlu/heldout_topics.yml, intents only):"
	@$(PY) -m bot.nlu.report results/nlu-topics --intents

understanding: train ## the evaluation sets: single questions (two designs compared), then conversations with the running bot
	$(PY) -m bot.nlu.understanding --eval tests/nlu/eval
	$(PY) -m bot.nlu.understanding --eval tests/nlu/eval/fresh
	$(PY) -m bot.nlu.understanding --eval tests/nlu/eval/fresh2
	$(PY) -m bot.nlu.understanding --eval tests/nlu/eval/fresh3
	$(PY) -m bot.nlu.understanding --eval tests/nlu/eval/fresh4
	$(PY) -m pytest tests/e2e/test_understanding.py -q -s -k conversations -p no:cacheprovider

crossval: knowledge ## NLU quality by 5-fold cross-validation on data/nlu (several minutes)
	$(PY) -m rasa test nlu --nlu data/nlu --cross-validation --folds 5 --config config.yml --out results/crossval
	$(PY) -m bot.nlu.report results/crossval

load: train nginx ## 50 students x 20 messages at once, against make run and make run-scaled
	$(PY) -m benchmarks.load

bench: train ## side by side with Rasa's starter bot: reply times, throughput, memory, start-up, training (ARGS=--no-training)
	$(PY) -m benchmarks.compare $(ARGS)

profile: train ## where a turn's time goes with 10 students at once (py-spy; ARGS=--seconds 60)
	$(PY) -m benchmarks.profile $(ARGS)

clean: ## remove the environment, models, databases and build output
	rm -rf $(VENV) models build var results .rasa
