"""Entity recognition: whatever students type, the value is the knowledge base's id."""

import numpy as np
import pytest
from sqlalchemy.orm import sessionmaker

from bot.kb.db import make_engine
from bot.nlu.entities import (
    EntityFinder,
    bare_codes,
    careers_within_stages,
    edit_distance,
    load_fuzzy_aliases,
    stacked_codes,
    stacked_credentials,
    state_codes,
    towns_in_states,
)
from bot.nlu.patterns import pipeline_entries
from bot.nlu.spacy_pipeline import build_pipeline, save_pipeline
from bot.nlu.vectors import DEFAULT_MOST_FREQUENT
from bot.settings import other_careers_file


@pytest.mark.parametrize("text, expected", [
    # full names, any casing
    ("What does a Diagnostic Medical Sonographer do?", [("role", "sonographer")]),
    ("RADIOLOGIC TECHNOLOGIST salary", [("role", "radiologic_technologist")]),
    # slang
    ("how do I become a rad tech", [("role", "radiologic_technologist")]),
    ("ultrasound tech school", [("role", "sonographer")]),
    ("cat scan tech pay", [("role", "ct_technologist")]),
    ("nuc med certification", [("role", "nuclear_medicine_technologist")]),
    ("x-ray technician", [("role", "radiologic_technologist")]),
    # plurals
    ("what do sonographers earn", [("role", "sonographer")]),
    ("Ultrasound Techs", [("role", "sonographer")]),
    ("radiology technicians", [("role", "radiologic_technologist")]),
    # abbreviations
    ("what does ARRT stand for", [("certification", "arrt")]),
    ("is the RDMS hard", [("certification", "ardms_rdms")]),
    ("how do I get into CT", [("specialization", "ct")]),
    ("is JRCERT important", [("term", "jrcert")]),
    ("what is CQR", [("term", "cqr")]),
    ("ARRT(CT) requirements", [("certification", "arrt_ct")]),
    # typos
    ("sonografer", [("role", "sonographer")]),
    ("mamography training", [("specialization", "mammography")]),
    ("radiolgic technologist", [("role", "radiologic_technologist")]),
    ("ultrasond tech", [("role", "sonographer")]),
    # a short word changed into another is no typo: "my registry" is not "MRI registry"
    ("CT tech here, does any of my registry count", [("role", "ct_technologist")]),
    # a long state name with a typo; a short one is too near other words ("ex-Marine")
    ("how much do radiation therapists make in massachusets",
     [("role", "radiation_therapist"), ("state", "massachusetts")]),
    ("pensylvania rad tech license", [("state", "pennsylvania"),
                                      ("role", "radiologic_technologist")]),
    # several at once, in order
    ("CT tech vs MRI tech", [("role", "ct_technologist"), ("role", "mri_technologist")]),
    # where a student is now, for the planner
    ("I'm in high school", [("stage", "high_school")]),
    ("I have a bachelor's degree in biology", [("stage", "other_degree")]),
    # "US" in capitals before "techs" is ultrasound; "the US" is no career
    ("how much do US techs make in nc", [("role", "sonographer"), ("state", "north_carolina")]),
    ("do us techs need it", []),
    # two names of one starting point side by side are one
    ("i have a bachelors degree in biology", [("stage", "other_degree")]),
    ("what about if i already have a bachelors", [("stage", "other_degree")]),
    ("i have some college, like 30 credits", [("stage", "some_college")]),
    ("dropped out of college after a year", [("stage", "some_college")]),
    ("I'm already certified in radiography",
     [("stage", "certified_technologist"), ("role", "radiologic_technologist")]),
    ("I work as a nurse", [("stage", "other_healthcare")]),
    ("I'm in an imaging program", [("stage", "imaging_student")]),
    ("I'm in a sonography program", [("stage", "imaging_student")]),
    ("ultrasound student here", [("stage", "imaging_student")]),
    ("How long is the sonography program?", [("role", "sonographer")]),
    ("Who accredits nuclear medicine programs?", [("role", "nuclear_medicine_technologist")]),
    # careers outside imaging, and an imaging name that contains one
    ("how much do accountants make", [("other_career", "accountant")]),
    ("how do I become a chef", [("other_career", "chef")]),
    ("what does a radiologist assistant do", [("role", "radiologist_assistant")]),
    # a specialty written before a role's name is one person, in the specialty
    ("are vascular sonographers in demand", [("specialization", "vascular_sonography")]),
    ("echo sonographer or CT tech", [("specialization", "echocardiography"),
                                     ("role", "ct_technologist")]),
    # a specialty's registry is its credential
    ("whats actually on the mammo registry", [("certification", "arrt_mammography")]),
    # names that share their last word: "the primary and post-primary pathway" names both
    ("whats the difference between the primary and post-primary pathway",
     [("term", "primary_pathway"), ("term", "post_primary_pathway")]),
    ("a primary or a post primary pathway", [("term", "post_primary_pathway")]),
])
def test_entities_are_normalised_to_ids(find, text, expected):
    assert find(text) == expected


def test_a_capitals_only_specialty_is_named_in_lower_case_after_into(find):
    assert find("nuc med tech here, how do i get into pet") == [
        ("role", "nuclear_medicine_technologist"), ("specialization", "pet")]
    assert find("pet ct techs") == [("specialization", "pet")]
    assert find("i want a pet") == []


@pytest.mark.parametrize("text", [
    "my pet is sick",          # PET only in capitals
    "what is the weather",
    "I like ice cream",
    "ra ra ra",                # RA only in capitals
    "technology",
    "im an ex-marine",
    "washing machine",
])
def test_ordinary_words_are_not_entities(find, text):
    assert find(text) == []


def test_exact_abbreviations_match_in_capitals(find):
    assert find("PET imaging") == [("specialization", "pet")]
    assert find("RT vs RA") == [("role", "radiologic_technologist"),
                                ("role", "radiologist_assistant")]


@pytest.mark.parametrize("text, expected", [
    # a postal code that is also a word, or names something else, right after "in"
    ("cath lab techs in VA, how much OT", [("role", "interventional_technologist"),
                                          ("state", "virginia")]),
    ("any license law in IN?", [("state", "indiana")]),
    ("rad tech in OK right now", [("role", "radiologic_technologist"),
                                  ("state", "oklahoma")]),
    # but not as a word, not before another noun, and never over another name
    ("are you in or out", []),
    ("ok in ok", []),
    ("he works in VA hospitals", []),
    ("i work in CT", [("specialization", "ct")]),
    # codes that are no word are states anywhere; full names in any casing
    ("licensure in TX", [("state", "texas")]),
    # students type codes in lower case: after "in", a code that is no word is a place,
    # even one that is a piece of a word elsewhere ("ca" of "can't")
    ("what about in ca", [("state", "california")]),
    ("and in md?", [("state", "maryland")]),
    ("i ca n't decide", []),
    ("i can't decide", []),
    ("mri techs in la", [("role", "mri_technologist")]),
    ("rad tech pay ohio", [("role", "radiologic_technologist"), ("state", "ohio")]),
    # an abbreviation has no lemma: "ks" is Kansas, and "k" only "ok"
    ("k thx", []),
    ("what about in ks", [("state", "kansas")]),
    # a code before "school" or "program" is a kind of school: physician assistants
    ("Should I do a radiologist assistant program or PA school?",
     [("specialization", "radiologist_assistant")]),
    ("is it as hard as getting into PA programs", []),
    ("rad tech programs in PA", [("role", "radiologic_technologist"),
                                 ("state", "pennsylvania")]),
    ("PA rad tech schools", [("state", "pennsylvania"), ("role", "radiologic_technologist")]),
])
def test_state_postal_codes_are_read_where_they_can_only_be_places(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("we live outside Chicago", [("state", "illinois")]),
    ("a rad tech program in Houston", [("role", "radiologic_technologist"), ("state", "texas")]),
    ("the school in Vegas", [("state", "nevada")]),
    ("ct techs in st. louis", [("role", "ct_technologist"), ("state", "missouri")]),
    ("mri techs in los angeles", [("role", "mri_technologist"), ("state", "california")]),
    # a city more than one state has, or a first name, names no state
    ("programs near Portland", []),
    ("my son Austin wants to do x-ray", [("role", "radiologic_technologist")]),
])
def test_a_large_city_names_its_state(find, text, expected):
    assert find(text) == expected


def test_a_state_code_match_is_the_code_alone(nlp, pipeline_dir):
    finder = EntityFinder(load_fuzzy_aliases(pipeline_dir))
    [state] = finder.find(nlp("techs in VA?"))
    assert (state.text, state.start, state.end) == ("VA", 9, 11)


@pytest.mark.parametrize("text, expected", [
    # a postal code that is also a word or a name is a state after a town named as a place
    ("whats pay like for rad techs around norfolk VA", ["virginia"]),
    ("I live in Gary IN and want CT", ["indiana"]),
    ("moving to somewhere near Tulsa, OK?", ["oklahoma"]),
    # not after an article, not in lower case, not before another noun
    ("any jobs near the VA", []),
    ("around norfolk va", []),
    ("near norfolk VA hospitals", []),
])
def test_a_state_code_after_a_town_is_the_state(pipeline_dir, text, expected):
    codes = state_codes(pipeline_dir)
    assert [match.value for match in towns_in_states(text, codes)] == expected


def test_lemmatizer_is_in_the_pipeline(nlp):
    assert nlp.pipe_names == ["lemmatizer", "entity_ruler"]
    assert [t.lemma_ for t in nlp("techs earned")] == ["tech", "earn"]


def test_unchanged_aliases_do_not_rebuild(pipeline_dir):
    from bot.nlu.patterns import AliasEntry

    entries = [AliasEntry("role", "x", "x ray")]
    target = pipeline_dir.parent / "again"
    assert save_pipeline(entries, target) is True
    assert save_pipeline(entries, target) is False
    assert save_pipeline(entries + [AliasEntry("role", "y", "why")], target) is True


@pytest.mark.parametrize("a, b, limit, distance", [
    ("sonografer", "sonographer", 2, 2),
    ("mamography", "mammography", 2, 1),
    ("radiolgoy", "radiology", 2, 1),   # transposition
    ("abc", "xyz", 1, 2),               # past the limit: limit + 1
])
def test_edit_distance(a, b, limit, distance):
    assert edit_distance(a, b, limit) == distance


@pytest.mark.parametrize("text, expected", [
    ("how many clinical hours do sonography students do", [("role", "sonographer")]),
    ("I'm a rad tech student", [("role", "radiologic_technologist")]),
    ("I'm in an imaging program", []),
    # a student of any role or specialty, by any of its names, the knowledge base's
    # starting point in a program generating them
    ("sono student here, when should i take SPI", [("role", "sonographer")]),
    ("nuc med student, whats the pay", [("role", "nuclear_medicine_technologist")]),
    ("im a CT student", [("specialization", "ct")]),
])
def test_a_career_inside_where_the_student_is_is_found(nlp, pipeline_dir, text, expected):
    finder = EntityFinder(load_fuzzy_aliases(pipeline_dir))
    matches = finder.find(nlp(text))
    within = careers_within_stages(finder, nlp, matches)
    assert [(m.label, m.value) for m in within] == expected
    assert all(text[m.start:m.end] == m.text for m in within)


def test_the_extractor_reads_spacy_nlp_s_document_of_the_text_as_typed(nlp, pipeline_dir):
    from rasa.nlu.constants import SPACY_DOCS
    from rasa.nlu.utils.spacy_utils import SpacyModel
    from rasa.shared.nlu.constants import ENTITIES, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import KnowledgeEntityExtractor

    texts = []

    def counting(text):
        texts.append(text)
        return nlp(text)

    extractor = KnowledgeEntityExtractor({})
    model = SpacyModel(model=counting, model_name=str(pipeline_dir))
    text = "How much does an MRI tech make?"
    [reused, lowered, missing] = extractor.process([
        Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text)}),
        Message({TEXT: text, SPACY_DOCS[TEXT]: nlp(text.lower())}),  # not the text as typed
        Message({TEXT: text}),
    ], model)
    assert texts.count(text) == 2  # made again for the last two only
    for message in (reused, lowered, missing):
        assert [e["value"] for e in message.get(ENTITIES)] == ["mri_technologist"]


@pytest.mark.parametrize("text, expected", [
    ("i'm RT(R)(CT) with 6 years", ["arrt_radiography", "arrt_ct"]),
    ("R.T.(R)(M)(ARRT) here", ["arrt_radiography", "arrt_mammography"]),
    ("RT(R)(MR)(ct) tech", ["arrt_radiography", "arrt_mr", "arrt_ct"]),
    ("RT(R) only", []),  # one credential is the knowledge base's own name for it
    ("RT(X)(Y)", []),  # codes no credential has
])
def test_credentials_stacked_the_way_technologists_sign(pipeline_dir, text, expected):
    found = stacked_credentials(text, stacked_codes(pipeline_dir))
    assert [match.value for match in found] == expected
    assert all(text[m.start:m.end] == m.text and "(" in m.text for m in found)


@pytest.mark.parametrize("text", ["im an emt, can i become a sonographer",
                                  "lpn here thinking about xray",
                                  "respiratory therapist 10 yrs, can i do echo"])
def test_other_healthcare_jobs_in_lower_case_are_where_the_student_is(find, text):
    assert ("stage", "other_healthcare") in find(text)


@pytest.mark.parametrize("text, expected", [
    ("is the CI one different from the VI", ["arrt_cardiac_interventional",
                                             "arrt_vascular_interventional"]),
    ("how hard is the BD exam", ["arrt_bone_densitometry"]),
    ("the ci one", []),  # capitals only
    ("the VI techs", []),  # not where only a credential can stand
    ("is the CIA hiring", []),  # no such code
])
def test_a_bare_arrt_code_names_its_credential_where_only_one_can_stand(pipeline_dir, text,
                                                                        expected):
    found = bare_codes(text, stacked_codes(pipeline_dir))
    assert [match.value for match in found] == expected
    assert all(text[m.start:m.end] == m.text for m in found)


def test_a_word_of_its_own_is_no_typo_of_an_alias(pipeline_dir):
    """A word in the vectors ("former") is not read as a near alias ("farmer")."""
    url = f"sqlite:///{pipeline_dir.parent / 'kb.db'}"
    engine = make_engine(url)
    with sessionmaker(engine, future=True)() as session:
        entries = pipeline_entries(session, other_careers_file())
    engine.dispose()
    # the most frequent words come first; after them, the domain's, misspellings included
    frequent = ["former", "teacher"] + [f"word{n}" for n in range(DEFAULT_MOST_FREQUENT - 2)]
    words = frequent + ["radation"]
    nlp = build_pipeline(entries, vectors=(words, np.ones((len(words), 2))))
    finder = EntityFinder(load_fuzzy_aliases(pipeline_dir))

    def found(text):
        return [(m.label, m.value) for m in finder.find(nlp(text))]

    assert found("33, former teacher. into echo") == [
        ("other_career", "teacher"), ("specialization", "echocardiography")]
    # a misspelling, in the vectors among the domain's words or in none, is still read
    assert found("hw much do radation therapists make") == [("role", "radiation_therapist")]
    assert found("sonografer pay") == [("role", "sonographer")]
