"""The ways in, from the fixture knowledge base: what comes first, and from where one stands."""

from bot import names
from bot.answers import Subject
from bot.answers.eligibility import (
    DIRECT,
    EARLIER,
    OPENED,
    held_roles,
    prerequisites,
    prerequisites_from,
)
from bot.answers.verdicts import leading
from bot.kb import queries


def test_the_routes_needing_no_earlier_credential_lead(kb):
    # "can I do MRI without x-ray first?": the MRI program is the answer, so it comes first
    # although the sources list it among routes from radiography and sonography
    replies = prerequisites(kb, Subject(specialization="mri"))
    assert replies[0].response == names.CREDENTIAL_ROUTES
    assert replies[0].settles == DIRECT
    assert replies[0].variables["routes"].split("\n")[0] == (
        "• ARRT(MR): A fixture MRI program, with no earlier credential")
    verdict = leading(replies, "can i do mri without doing xray first")
    assert verdict[0].response == names.VERDICT_YES


def test_credentials_that_all_need_an_earlier_one_say_so(kb):
    [reply] = prerequisites(kb, Subject(certification="arrt_mammography"))
    assert reply.settles == EARLIER
    assert leading([reply], "can i get the arrt(m) straight away")[0].response == (
        names.VERDICT_NOT_DIRECTLY)


def test_a_route_from_what_the_student_holds_leads(kb):
    # "can a rad tech become a CT tech?"
    held = held_roles(kb, [("role", "radiologic_technologist")])
    replies = prerequisites_from(kb, Subject(role="ct_technologist"), held)
    assert replies[0].response == names.ROUTES_FROM_HELD
    assert replies[0].settles == OPENED
    assert replies[0].variables["a_held"] == "a Radiologic Technologist"
    assert replies[0].variables["goal"] == "become a CT Technologist"
    assert replies[0].variables["routes"] == (
        "• ARRT(CT): A fixture credential in radiography, then the post-primary requirements")
    # the other ways in come with "More detail"
    assert [reply.detail for reply in replies] == [False, True]
    assert replies[1].variables["items"].count("•") == 2
    assert leading(replies, "can a rad tech become a ct tech")[0].response == (
        names.VERDICT_YES)


def test_a_credential_held_stands_for_its_role(kb):
    held = held_roles(kb, [("certification", "ardms_rdms"), ("role", "sonographer")])
    assert [role.id for role in held] == ["sonographer"]
    replies = prerequisites_from(kb, Subject(certification="arrt_mr"), held)
    assert replies[0].response == names.ROUTES_FROM_HELD
    assert replies[0].variables["goal"] == "earn ARRT(MR)"
    assert "sonography" in replies[0].variables["routes"]


def test_no_route_from_what_is_held_says_so_with_the_ways_in(kb):
    sonographer = held_roles(kb, [("role", "sonographer")])
    replies = prerequisites_from(kb, Subject(role="ct_technologist"), sonographer)
    assert replies[0].response == names.ROUTES_NOT_FROM_HELD
    assert replies[0].settles == EARLIER
    assert leading(replies, "can a sonographer do ct")[0].response == (
        names.VERDICT_NOT_DIRECTLY)
    # a route the source does not settle is said as such, with no verdict: breast
    # sonography's route for sonographers points at the registry's page
    replies = prerequisites_from(kb, Subject(certification="arrt_breast_sonography"),
                                 sonographer)
    assert replies[0].response == names.ROUTES_FROM_HELD_UNSETTLED
    assert replies[0].variables["routes"] == (
        "• ARRT(BS): A fixture sonography credential may qualify; check registry.example.org")
    assert leading(replies, "can a sonographer get the arrt(bs)") == replies


def test_without_anything_held_or_to_reach_the_plain_answer(kb):
    assert prerequisites_from(kb, Subject(role="ct_technologist"), []) == prerequisites(
        kb, Subject(role="ct_technologist"))
    rad = held_roles(kb, [("role", "radiologic_technologist")])
    # asked about the role held itself: nothing to move from
    assert prerequisites_from(kb, Subject(role="radiologic_technologist"), rad) == (
        prerequisites(kb, Subject(role="radiologic_technologist")))


def test_a_route_the_sources_do_not_settle_is_never_a_way_in_without_credentials(kb):
    # the fixture's uncertain route for breast sonography asks for a sonography credential;
    # one asking for nothing, but unsettled, must not make "can I ... directly?" a yes
    route = queries.credential(kb, "arrt_breast_sonography").routes[1]
    assert not route.settled
    saved = list(route.required_roles)
    route.required_roles.clear()
    try:
        [reply] = prerequisites(kb, Subject(certification="arrt_breast_sonography"))
        assert reply.settles == EARLIER
        assert reply.variables["routes"].split("\n")[-1].startswith(
            "• ARRT(BS): A fixture sonography credential may qualify")
    finally:
        route.required_roles.extend(saved)
