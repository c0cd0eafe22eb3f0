"""Name units and keys: running order, particles, kunyas, titles and transliteration folding."""

from __future__ import annotations

from newsgraph.resolve.names import (
    name_tokens,
    normalise,
    org_word_weight,
    parse_name,
    person_name_weight,
    running_order,
    token_key,
)


def test_names_running_order_turns_ofac_form_round() -> None:
    assert running_order("AL-ZEMMARI, Karim") == "Karim AL-ZEMMARI"
    assert running_order("TORVILLA, Ruben Pedro, Jr.") == "Ruben Pedro TORVILLA Jr."
    assert running_order("Karim al-Zemmari") == "Karim al-Zemmari"


def test_names_running_order_leaves_organisations_alone() -> None:
    assert running_order("KESTRAN TRADING CO., LTD.", kind="ORG") == "KESTRAN TRADING CO., LTD."


def test_names_normalise_drops_ayn_hamza_and_apostrophes() -> None:
    assert normalise("ʿAbd al-ʿAziz") == "abd al aziz"
    assert normalise("Qa'im  Sa’id") == "qaim said"


def test_names_abd_forms_are_one_unit() -> None:
    expected = ("abd al rahman",)
    for spelling in ("Abdul Rahman", "Abd al-Rahman", "Abdel Rahman", "Abd-el-Rahman", "Abdulrahman"):
        assert name_tokens(spelling) == expected, spelling
    assert name_tokens("Abdurrahman") == expected
    assert name_tokens("Abed Al Rahman") == expected


def test_names_abdallah_spellings_are_one_unit() -> None:
    for spelling in ("Abdulah", "Abdallah", "Abd Allah", "Abdulla", "Abdellah"):
        assert name_tokens(spelling) == ("abd allah",), spelling


def test_names_glued_abd_needs_an_article_or_a_consonant() -> None:
    # "Abdauni" is a family name, not "Abd" + "auni".
    assert name_tokens("Abdauni") == ("abdauni",)


def test_names_articles_are_dropped_glued_or_spaced() -> None:
    for spelling in ("al-Zemmari", "Al Zemmari", "el-Zemmari", "AL-ZEMMARI"):
        assert name_tokens(spelling) == ("zemmari",), spelling
    assert name_tokens("ash-Shedrani") == name_tokens("Shedrani") == ("shedrani",)


def test_names_kunya_is_one_unit_with_its_name() -> None:
    assert name_tokens("Abu Harith al-Zemmari") == ("abu harith", "zemmari")
    assert name_tokens("Abou Hamza") == name_tokens("Abuhamza") == ("abu hamza",)
    assert name_tokens("Umm Hasan") == ("umm hasan",)
    assert name_tokens("Abu al-Walid") == ("abu walid",)


def test_names_din_and_allah_compounds() -> None:
    assert name_tokens("Nur al-Din") == name_tokens("Nuruddin") == ("nur al din",)
    assert name_tokens("Aman Ullah") == name_tokens("Amanullah") == ("aman allah",)
    # A name that merely ends in "-illa" is left alone.
    assert name_tokens("TORVILLA, Ruben") == ("ruben", "torvilla")


def test_names_patronymics_and_titles_are_dropped() -> None:
    assert name_tokens("Hamid bin Abdallah") == ("hamid", "abd allah")
    assert name_tokens("Dr. Karim al-Zemmari") == ("karim", "zemmari")
    assert name_tokens("DARMANI, Hajji Ali") == ("ali", "darmani")
    # A title alone is kept: there is nothing else to compare.
    assert name_tokens("Sheikh") == ("sheikh",)


def test_names_organisations_drop_stop_words_and_keep_legal_forms_light() -> None:
    parsed = parse_name("BANK OF THE EAST CO., LTD.", kind="ORG")
    assert [t.text for t in parsed.tokens] == ["bank", "east", "co", "ltd"]
    assert [t.kind for t in parsed.tokens] == ["name", "name", "generic", "generic"]
    assert parsed.tokens[-1].weight < parsed.tokens[0].weight <= 1.0


def test_names_token_key_folds_transliteration_variants() -> None:
    assert len({token_key(t) for t in ("muhammad", "mohammed", "mohamad", "muhamed")}) == 1
    assert len({token_key(t) for t in ("hussein", "husayn", "hossein", "hussain", "husain")}) == 1
    assert token_key("hasan") != token_key("husayn")
    assert token_key("qadri") == token_key("kadri")
    assert token_key("hamzah") == token_key("hamza")
    assert token_key("youssef") == token_key("yusuf")
    assert token_key("zubaidi") == token_key("zubaydi")
    assert token_key("fawzi") == token_key("fauzi")
    assert token_key("rashid") == token_key("rachid")


def test_names_common_words_weigh_less() -> None:
    assert org_word_weight("national") < org_word_weight("petrochemical") <= 1.0
    assert org_word_weight("xqzzyv") == 1.0
    assert person_name_weight("muhammad") < person_name_weight("zemmari") == 1.0


def test_parsed_name_carries_what_comparison_reads() -> None:
    parsed = parse_name("Tarvel Onsu Brakk")
    first, second, third = parsed.tokens
    assert parsed.weights == (first.weight, second.weight, third.weight)
    assert parsed.total == first.weight + second.weight + third.weight
    assert parsed.longest == 6
    assert [j for j, _ in parsed.units] == [0, 1, 2]
    assert [(i, joined.text, letters) for i, joined, letters in parsed.joins] == [
        (0, "tarvelonsu", 10),
        (1, "onsubrakk", 9),
    ]
    joined = parsed.joins[0][1]
    # the joined unit is a name of its own: its key folds like any unit's, it weighs both parts
    assert (joined.kind, joined.key, joined.core) == (
        "name",
        token_key("tarvelonsu"),
        token_key("tarvelonsu"),
    )
    assert joined.weight == first.weight + second.weight
    assert parsed.initials == "tob"
    # a unit with a space is no partner of a joined pair, and an initial joins nothing
    spaced = parse_name("Abd al-Tarvel K. Brakk")
    assert [token.text for token in spaced.tokens] == ["abd al tarvel", "k", "brakk"]
    assert [j for j, _ in spaced.units] == [2]
    assert spaced.joins == ()
