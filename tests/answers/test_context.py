"""How a message changes what the conversation is about."""

import pytest

from bot.answers import Subject
from bot.answers.context import NAMED, THIS, next_subject, resolve_mention


def test_naming_nothing_keeps_the_subject():
    previous = Subject(role="sonographer", certification="ardms_rdms")
    assert next_subject(previous, {"role": None}) == previous


def test_a_new_role_starts_afresh():
    previous = Subject(role="sonographer", certification="ardms_rdms", term="spi")
    assert next_subject(previous, {"role": "mri_technologist"}) == Subject(
        role="mri_technologist")


def test_a_specialization_replaces_the_role():
    previous = Subject(role="ct_technologist")
    assert next_subject(previous, {"specialization": "mri"}) == Subject(specialization="mri")


def test_a_credential_keeps_the_role_and_replaces_the_term():
    previous = Subject(role="sonographer", term="jrcert")
    assert next_subject(previous, {"certification": "arrt"}) == Subject(
        role="sonographer", certification="arrt")


def test_a_term_keeps_the_credential_and_replaces_the_term():
    previous = Subject(role="sonographer", certification="ardms_rvt", term="cme")
    assert next_subject(previous, {"term": "spi"}, "Do I have to pass SPI again?") == Subject(
        role="sonographer", certification="ardms_rvt", term="spi")


@pytest.mark.parametrize("text", [
    "do i need a program accredited by them to take the arrt",
    "do i have to join it to keep my arrt current",
])
def test_a_credential_named_while_pointing_back_at_the_term_keeps_it(text):
    previous = Subject(role="sonographer", term="jrcert")
    assert next_subject(previous, {"certification": "arrt"}, text) == Subject(
        role="sonographer", certification="arrt", term="jrcert")
    # ... and a term named while pointing back at the credential keeps it
    assert next_subject(Subject(certification="ardms_rvt"), {"term": "spi"},
                        "do i need to pass the spi too for that one") == Subject(
        certification="ardms_rvt", term="spi")
    # "is it hard to pass the arrt": "it" is no thing talked about
    assert next_subject(previous, {"certification": "arrt"},
                        "is it hard to pass the arrt").term is None


@pytest.mark.parametrize("mention, expected", [
    ("1", ("role", "ct_technologist")),
    ("2", ("role", "mri_technologist")),
    ("-1", ("specialization", "pet")),
    ("4", None),
    ("-4", None),
    (THIS, None),
    ("banana", None),
])
def test_mentions_resolve_against_the_list_in_order(mention, expected):
    listed = ["role:ct_technologist", "role:mri_technologist", "specialization:pet"]
    assert resolve_mention(mention, listed) == expected


@pytest.mark.parametrize("words, expected", [
    ("therapy", ("role", "radiation_therapist")),
    ("nuc med", ("role", "nuclear_medicine_technologist")),
    ("cardiac", ("certification", "arrt_cardiac_interventional")),
    ("other", None),
    ("same", None),
])
def test_the_one_called_by_a_word_of_its_name(words, expected):
    listed = ["role:nuclear_medicine_technologist", "role:radiation_therapist",
              "certification:arrt_cardiac_interventional"]
    assert resolve_mention(NAMED + words, listed) == expected


def test_a_word_that_calls_several_items_resolves_none():
    listed = ["role:ct_technologist", "role:mri_technologist"]
    assert resolve_mention(NAMED + "technologist", listed) is None


def test_that_one_after_a_single_item_is_that_item():
    assert resolve_mention(THIS, ["certification:arrt_ct"]) == ("certification", "arrt_ct")


def test_nothing_listed_resolves_nothing():
    assert resolve_mention("1", []) is None


def test_a_state_alone_keeps_the_role():
    previous = Subject(role="radiologic_technologist")
    assert next_subject(previous, {"state": "ohio"}) == Subject(
        role="radiologic_technologist", state="ohio")


def test_a_credential_keeps_the_state():
    previous = Subject(role="sonographer", state="ohio")
    assert next_subject(previous, {"certification": "ardms_rdms"}) == Subject(
        role="sonographer", certification="ardms_rdms", state="ohio")


def test_a_new_role_keeps_the_state_the_student_asked_about():
    previous = Subject(role="radiologic_technologist", state="ohio")
    assert next_subject(previous, {"role": "sonographer"}) == Subject(
        role="sonographer", state="ohio")
