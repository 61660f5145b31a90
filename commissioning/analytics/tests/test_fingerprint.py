from commissioning.analytics.fingerprint import rows_fingerprint, rows_in_common

A = (1, "2026-05-01", "Oak", "10.00")
B = (1, "2026-05-02", "Oak", "10.00")


def test_a_fingerprint_ignores_row_order_but_not_repeats_or_values():
    assert rows_fingerprint([A, B]) == rows_fingerprint([B, A])
    assert rows_fingerprint([A, B]) != rows_fingerprint([A, B, B])
    assert rows_fingerprint([A]) != rows_fingerprint([(1, "2026-05-01", "Oak", "10.01")])
    # Values are kept apart: a comma inside one is not a boundary between two.
    assert rows_fingerprint([("a,b", "c")]) != rows_fingerprint([("a", "b,c")])


def test_rows_in_common_count_one_for_one():
    assert rows_in_common([A, B, B], [B]) == 1
    assert rows_in_common([A, B, B], [B, B, A]) == 3
    assert rows_in_common([A], []) == 0
