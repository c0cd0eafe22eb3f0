"""The offline English check: script first, then common function words."""

from __future__ import annotations

import pytest

from newsgraph.ingest.language import ENGLISH, guess_language, is_english

ENGLISH_TEXTS = {
    "headline": "Flood waters reach the old bridge",
    "headline_and_paragraph": (
        "Mayor resigns after budget row\n"
        "The mayor of the northern town resigned on Tuesday after a long dispute with the council "
        "over the budget, officials said."
    ),
    "news_paragraph": (
        "Police said two men were arrested on Friday in connection with the robbery. "
        "A spokesman told reporters that the investigation was continuing and that more arrests "
        "could follow. The bank, which reopened on Monday, has offered a reward for information."
    ),
    "names_and_numbers": "Joint Task Force 7, 2nd Brigade: 14 April 2019",
    "results_table": (
        "SOCCER - NORTHLAND FIRST DIVISION RESULTS.\nKORVIK 1996-08-31\n"
        "Results of Northland first division matches on Saturday:\n"
        "Brannvik 2 Osterdal 1\nHalmfors 0 Kiruvik United 3\nSelvang 1 Norrheim 1\nTallbo 4 Dalsvik 0\n"
        "Standings: Kiruvik United 5 4 1 0 12 3 13, Brannvik 5 3 2 0 9 4 11, Osterdal 5 3 0 2 8 6 9"
    ),
    "score_list": (
        "GOLF - LEADING SCORES AT ALDERBROOK OPEN.\nALDERBROOK 1996-08-29\n"
        "Leading first-round scores: 66 Tomas Verlin (Sweden), Peter Makwana (South Africa) "
        "67 Jan Oskarsson (Norway), Luis Ferreira (Portugal), Mark Delaney (Ireland) "
        "68 Ken Aoyama (Japan), Brian Holt (England)"
    ),
    "capitals_headline_and_names": (
        "MARKET REPORT - KORVIK STOCKS CLOSE HIGHER\nKORVIK 1996-08-30\nBrannvik Oil 4.5, Selvang Bank 2.1"
    ),
    "all_lower_case_wire": (
        "the army denied today that rebels attacked the farm, located on the coast, where the "
        "president has been staying since 2 february. a report published by a news agency says "
        "that a column attacked the farm 2 days ago."
    ),
}

FOREIGN_TEXTS = {
    "French": (
        "Le gouvernement a annoncé mardi une série de mesures pour soutenir les entreprises touchées "
        "par la crise. Selon le ministre, ces aides seront versées dans les prochaines semaines."
    ),
    "German": (
        "Die Regierung hat am Dienstag eine Reihe von Maßnahmen angekündigt, um die von der Krise "
        "betroffenen Unternehmen zu unterstützen. Die Hilfen werden in den kommenden Wochen ausgezahlt."
    ),
    "Spanish": (
        "El gobierno anunció el martes una serie de medidas para apoyar a las empresas afectadas por "
        "la crisis. Según el ministro, las ayudas se pagarán en las próximas semanas."
    ),
    "Arabic": (
        "أعلنت الحكومة يوم الثلاثاء عن سلسلة من الإجراءات لدعم الشركات المتضررة من الأزمة. "
        "وقال الوزير إن المساعدات ستدفع في الأسابيع المقبلة."
    ),
    "Cyrillic": (
        "Правительство во вторник объявило о ряде мер по поддержке предприятий, пострадавших от "
        "кризиса. По словам министра, помощь будет выплачена в ближайшие недели."
    ),
    "Chinese": "政府周二宣布了一系列措施，以支持受危机影响的企业。部长表示，援助将在未来几周内发放。",
    "Portuguese": (
        "O governo anunciou na terça-feira uma série de medidas para apoiar as empresas afetadas pela "
        "crise. Segundo o ministro, os apoios serão pagos nas próximas semanas."
    ),
    "Indonesian": (
        "Pemerintah mengumumkan serangkaian langkah pada hari Selasa untuk mendukung perusahaan yang "
        "terkena dampak krisis. Menurut menteri, bantuan akan dibayarkan dalam beberapa minggu ke depan."
    ),
    "Dutch": (
        "De regering heeft dinsdag een reeks maatregelen aangekondigd om de bedrijven te steunen die door "
        "de crisis zijn getroffen. Volgens de minister wordt de steun in de komende weken uitbetaald."
    ),
}


@pytest.mark.parametrize("name", sorted(ENGLISH_TEXTS))
def test_language_accepts_english(name: str) -> None:
    assert guess_language(ENGLISH_TEXTS[name]) == ENGLISH
    assert is_english(ENGLISH_TEXTS[name])


@pytest.mark.parametrize("expected", sorted(FOREIGN_TEXTS))
def test_language_rejects_and_names_other_languages(expected: str) -> None:
    guess = guess_language(FOREIGN_TEXTS[expected])
    assert guess != ENGLISH
    assert expected in guess


def test_language_english_with_a_few_arabic_letters_is_english() -> None:
    text = ENGLISH_TEXTS["news_paragraph"] + " The sign read بنك (bank)."
    assert is_english(text)


def test_language_long_latin_text_without_english_words_is_rejected() -> None:
    text = (
        "Chính phủ đã công bố một loạt biện pháp hỗ trợ các doanh nghiệp bị ảnh hưởng bởi cuộc "
        "khủng hoảng trong tuần này, theo bộ trưởng tài chính."
    )
    assert not is_english(text)


def test_language_text_without_letters_is_not_english() -> None:
    assert guess_language("12 345 -- 67") == "no letters"
