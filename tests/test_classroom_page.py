"""The classroom's pages: their addresses, the address students open, and the words they read."""

from __future__ import annotations

import pytest

from viz.class_page import is_class_address
from viz.class_teacher import join_address, qr_svg
from viz.classroom import ClassAddress, chance, format_code


def test_a_class_address_reads_and_writes_its_parts():
    address = ClassAddress.parse("?class=k7qx-3mrp&student=abc&role=lna")
    assert address == ClassAddress("K7QX3MRP", student="abc", role="lna")
    assert ClassAddress.parse(address.query()) == address
    assert ClassAddress("K7QX3MRP").query() == "?class=K7QX3MRP"  # no empty parts


@pytest.mark.parametrize(
    ("search", "is_class"),
    [("?class=", True), ("?class=K7QX3MRP&teacher=t", True), ("", False), ("?seed=3", False)],
)
def test_only_an_address_with_a_class_opens_a_class_page(search: str, is_class: bool):
    assert is_class_address(search) is is_class


@pytest.mark.parametrize(
    ("host", "public", "expected"),
    [
        # the teacher opened the server as the students will: that address
        ("192.168.1.20:8765", "", "http://192.168.1.20:8765/?class=K7QX3MRP"),
        # opened as localhost, which students cannot reach: the network address announced
        ("localhost:8765", "http://192.168.1.20:8765/", "http://192.168.1.20:8765/?class=K7QX3MRP"),
        ("127.0.0.1:8765", "http://10.0.0.5:8765", "http://10.0.0.5:8765/?class=K7QX3MRP"),
        # on a computer alone (no --host 0.0.0.0), localhost it is
        ("localhost:8765", "", "http://localhost:8765/?class=K7QX3MRP"),
    ],
)
def test_students_are_given_an_address_they_can_reach(host: str, public: str, expected: str):
    assert join_address("K7QX3MRP", host, public) == expected


def test_the_qr_code_is_an_svg_drawn_here_with_nothing_to_fetch():
    svg = qr_svg("http://192.168.1.20:8765/?class=K7QX3MRP")
    assert svg.startswith("<svg") and "<path" in svg
    assert "href" not in svg and "<image" not in svg


@pytest.mark.parametrize(
    ("probability", "words"),
    [
        (0.99977, "more than 99.9%"),
        (0.995, "99.5%"),
        (0.62, "62%"),
        (0.004, "0.4%"),
        (0.0001, "less than 0.1%"),
    ],
)
def test_a_probability_is_never_shown_as_a_certainty_it_is_not(probability: float, words: str):
    assert chance(probability) == words


def test_a_room_code_is_shown_in_two_halves():
    assert format_code("K7QX3MRP") == "K7QX-3MRP"
