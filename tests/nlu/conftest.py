import pytest
import spacy
from sqlalchemy.orm import sessionmaker

from bot.kb.db import make_engine
from bot.kb.loader import load_knowledge_into
from bot.nlu.entities import EntityFinder, load_fuzzy_aliases
from bot.nlu.patterns import pipeline_entries
from bot.nlu.relations import relations_of
from bot.nlu.spacy_pipeline import save_pipeline
from bot.settings import DEFAULT_KNOWLEDGE_DIR, other_careers_file


@pytest.fixture(scope="session")
def pipeline_dir(tmp_path_factory):
    """The project's spaCy pipeline, built from the knowledge files into a temporary folder."""
    folder = tmp_path_factory.mktemp("nlp")
    url = f"sqlite:///{folder / 'kb.db'}"
    load_knowledge_into(url, DEFAULT_KNOWLEDGE_DIR)
    engine = make_engine(url)
    with sessionmaker(engine, future=True)() as session:
        entries = pipeline_entries(session, other_careers_file())
        relations = relations_of(session)
    engine.dispose()
    save_pipeline(entries, folder / "pipeline", relations=relations)
    return folder / "pipeline"


@pytest.fixture(scope="session")
def nlp(pipeline_dir):
    return spacy.load(pipeline_dir)


@pytest.fixture(scope="session")
def find(nlp, pipeline_dir):
    finder = EntityFinder(load_fuzzy_aliases(pipeline_dir))

    def find(text):
        return [(m.label, m.value) for m in finder.find(nlp(text))]

    return find
