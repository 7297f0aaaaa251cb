"""The finder as a table: each row a young person, a programme, and what the finder says."""

import pytest

from welcome.region.data import region
from welcome.youth.finder import Profile, Programme, School, TrainingPlace, rank

ALL = frozenset(m.name for m in region().municipalities)


def programme(key="p", **kwargs) -> Programme:
    kwargs.setdefault("min_age", 15)
    kwargs.setdefault("max_age", 24)
    kwargs.setdefault("municipalities", ALL)
    return Programme(key=key, **kwargs)


def person(**kwargs) -> Profile:
    kwargs.setdefault("age", 18)
    kwargs.setdefault("municipality", "Garbsen")
    kwargs.setdefault("school", School.CERTIFICATE)
    return Profile(**kwargs)


AGES = [
    # (programme's ages, person's age, fits)
    ((15, 24), 14, False),
    ((15, 24), 15, True),
    ((15, 24), 24, True),
    ((15, 24), 25, False),
    ((14, 27), 14, True),
    ((14, 27), 13, False),
    ((16, 26), 26, True),
    ((16, 26), 27, False),
    ((14, 27), 27, True),
    ((14, 27), 28, False),
]


@pytest.mark.parametrize(("ages", "age", "fits"), AGES, ids=lambda v: str(v))
def test_the_age_range_is_a_hard_limit_at_both_ends(ages, age, fits):
    matches = rank(person(age=age), [programme(min_age=ages[0], max_age=ages[1])])
    assert bool(matches) is fits
    if fits:
        assert matches[0].reasons[0].render() == f"for {ages[0]} to {ages[1]}-year-olds"


MUNICIPALITIES = [
    # (served, the person's municipality, fits)
    (ALL, "Uetze", True),
    (frozenset({"Garbsen"}), "Garbsen", True),
    (frozenset({"Garbsen"}), "Seelze", False),
    (frozenset({"Hannover", "Langenhagen"}), "Langenhagen", True),
    (frozenset({"Hannover"}), "Wennigsen (Deister)", False),
]


def _id(value) -> str:
    """Stable test ids (a frozenset's order changes with the hash seed of each xdist worker)."""
    if isinstance(value, frozenset):
        return "all" if value == ALL else "+".join(sorted(value))
    return str(value)


@pytest.mark.parametrize(("served", "place", "fits"), MUNICIPALITIES, ids=_id)
def test_a_municipality_not_served_excludes_the_programme(served, place, fits):
    matches = rank(person(municipality=place), [programme(municipalities=served)])
    assert bool(matches) is fits
    if fits:
        assert f"in {place}" in [r.render() for r in matches[0].reasons]


SCHOOL = [
    # (programme's statuses, person's status, reason shown, ranked above an open programme)
    ({School.IN_SCHOOL}, School.IN_SCHOOL, "for pupils still at school", True),
    (
        {School.NO_CERTIFICATE},
        School.NO_CERTIFICATE,
        "for young people who left school without a certificate",
        True,
    ),
    (
        {School.CERTIFICATE, School.NO_CERTIFICATE},
        School.CERTIFICATE,
        "for young people with a school-leaving certificate",
        True,
    ),
    ({School.IN_SCHOOL}, School.CERTIFICATE, None, False),
    ({School.NO_CERTIFICATE}, School.IN_SCHOOL, None, False),
]


@pytest.mark.parametrize(("statuses", "status", "reason", "above"), SCHOOL)
def test_the_school_status_moves_a_programme_up_or_down(statuses, status, reason, above):
    specific = programme("specific", school_statuses=frozenset(statuses))
    matches = rank(person(school=status), [programme("open"), specific])
    assert [m.programme.key for m in matches][0] == ("specific" if above else "open")
    texts = [r.render() for r in next(m for m in matches if m.programme.key == "specific").reasons]
    if reason:
        assert reason in texts
    else:
        cautions = next(m for m in matches if m.programme.key == "specific").cautions
        assert [c.render() for c in cautions] == [
            "meant for young people at another stage of school"
        ]


TRAINING = [
    # (programme, person has a training place, reason, caution)
    (TrainingPlace.WITHOUT, False, "no training place needed", None),
    (
        TrainingPlace.WITHOUT,
        True,
        None,
        "meant for young people still looking for a training place",
    ),
    (TrainingPlace.WITH, True, "support during your training", None),
    (TrainingPlace.WITH, False, None, "only for young people who already have a training place"),
    (TrainingPlace.ANY, True, None, None),
]


@pytest.mark.parametrize(("offer", "has_place", "reason", "caution"), TRAINING)
def test_the_training_place_answer_gives_its_reason(offer, has_place, reason, caution):
    (match,) = rank(person(has_training_place=has_place), [programme(training_place=offer)])
    reasons = [r.render() for r in match.reasons]
    cautions = [c.render() for c in match.cautions]
    assert (reason in reasons) if reason else len(reasons) == 2
    assert cautions == ([caution] if caution else [])


NEEDS = [
    ("newly_arrived", "newly_arrived", "for young people new in Germany"),
    ("came_for_training", "newly_arrived", "for young people new in Germany"),
    ("language_support", "language_support", "with help in learning German"),
    ("single_parent", "single_parents", "for young parents who bring up a child alone"),
    ("housing_problem", "housing", "with help in finding a place to live"),
]


@pytest.mark.parametrize(("need", "offer", "reason"), NEEDS)
def test_a_need_the_programme_meets_ranks_it_first_with_its_reason(need, offer, reason):
    matches = rank(
        person(**{need: True}), [programme("plain"), programme("meets", **{offer: True})]
    )
    assert [m.programme.key for m in matches] == ["meets", "plain"]
    assert reason in [r.render() for r in matches[0].reasons]


def test_a_newcomer_for_vocational_training_sees_training_related_offers_first():
    offers = [
        programme("housing", housing=True, newly_arrived=True, language_support=True),
        programme("training", training_related=True),
    ]
    newcomer = person(came_for_training=True, language_support=True)
    matches = rank(newcomer, offers)
    assert [m.programme.key for m in matches] == ["training", "housing"]
    assert "helps you find or keep a training place" in [r.render() for r in matches[0].reasons]
    # Without the § 16a answer the newcomer offer with language help comes first.
    other = rank(person(newly_arrived=True, language_support=True), offers)
    assert [m.programme.key for m in other] == ["housing", "training"]


def test_no_free_places_is_said_and_ranks_last_among_equals():
    matches = rank(person(), [programme("full", free_places=0), programme("open", free_places=3)])
    assert [m.programme.key for m in matches] == ["open", "full"]
    assert [c.render() for c in matches[1].cautions] == [
        "no free places at the moment: ask about the waiting list"
    ]


def test_a_narrower_age_range_breaks_a_tie_and_equal_ones_keep_their_order():
    offers = [
        programme("wide", min_age=14, max_age=27),
        programme("first", min_age=16, max_age=20),
        programme("second", min_age=16, max_age=20),
    ]
    assert [m.programme.key for m in rank(person(), offers)] == ["first", "second", "wide"]


def test_nothing_fits_gives_an_empty_list_not_an_error():
    assert rank(person(age=30), [programme()]) == []
    assert rank(person(), []) == []


def test_reasons_are_translated_by_the_function_given():
    (match,) = rank(person(), [programme()])
    assert match.reasons[1].render(lambda text: text.replace("in", "IN")) == "IN Garbsen"


def test_the_finder_imports_no_django():
    import ast
    from pathlib import Path

    import welcome.youth.finder as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    }
    assert "django" not in imported
