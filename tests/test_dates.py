from newsgraph.dates import is_date


def test_dates_of_every_precision_that_exist() -> None:
    assert all(is_date(v) for v in ("2021", "2021-02", "2021-02-28", "2024-02-29"))


def test_dates_that_do_not_exist_or_are_not_dates() -> None:
    assert not any(
        is_date(v) for v in ("2021-02-30", "2023-02-29", "2021-13", "21-02", "2021/02", "", "soon")
    )
