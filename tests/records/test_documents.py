"""The printable handout and physician letter: their structure as a browser would parse it, escaping of
everything the client or therapist typed, and that plain imports stay free of Jinja2."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from massage_match.records.documents import HandoutData, LetterData, handout_html, letter_html

# Elements that never have an end tag: the parser must not wait for one.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" role="img" aria-label="Pain chart">'
    '<polyline points="0,30 50,20 100,10" fill="none" stroke="#000"/><text x="2" y="38">visits</text></svg>'
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        # Pieces are joined with a space (a <br> or a cell boundary separates words) and then collapsed.
        pieces = (child if isinstance(child, str) else child.text() for child in self.children)
        return " ".join(" ".join(pieces).split())

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found

    def find(self, tag: str) -> Node:
        found = self.find_all(tag)
        assert found, f"no <{tag}>"
        return found[0]

    def with_class(self, tag: str, name: str) -> list[Node]:
        return [node for node in self.find_all(tag) if name in (node.attrs.get("class") or "").split()]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        # A stray end tag must fail a test, not be silently swallowed.
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> tuple[Node, str | None]:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[node.tag for node in builder.stack[1:]]}"
    return builder.root, builder.doctype


def headings(root: Node) -> list[str]:
    return [node.text() for node in root.find_all("h1") + root.find_all("h2")]


def handout(**changes: object) -> HandoutData:
    data = HandoutData(
        client_name="Jane Doe",
        date="2025-02-10",
        condition="Lower back pain",
        icd10=("M54.50",),
        complaint="My lower back aches after sitting all day",
        home_care=("Walk for 10 to 20 minutes twice a day.", "Apply heat for 15 minutes before stretching."),
        watch_for=("Pain spreading down one leg below the knee.",),
        call_doctor=("You have a fever with the back pain.",),
        referral=("routine", "Your pain has lasted more than 6 weeks."),
        next_visit="weekly; 6 to 10 visits in all",
        chart_svg=CHART,
        therapist="Sam Rivera",
        pain=(("2025-01-06", 7, 5), ("2025-01-13", 6, None)),
    )
    return data._replace(**changes)


def letter(**changes: object) -> LetterData:
    data = LetterData(
        date="2025-02-10",
        client_name="Jane Doe",
        client_age=54,
        physician="Dr A. Okafor, Riverside Practice",
        therapist="Sam Rivera",
        request="referral",
        urgency="urgent",
        reasons=("Pain spreading down one leg with numbness.",),
        complaint="My lower back aches after sitting all day",
        condition="Lower back pain",
        icd10=("M54.50",),
        findings=("Anticoagulant medication (on warfarin)",),
        planned=("Swedish massage (CPT 97124)",),
        pain="pain 7/10 before, 4/10 after the last of 3 visits",
    )
    return data._replace(**changes)


def hostile(name: str) -> str:
    return f"<script>alert('{name}')</script>"


def escaped(name: str) -> str:
    return f"&lt;script&gt;alert(&#39;{name}&#39;)&lt;/script&gt;"


def test_handout_is_a_complete_self_contained_page() -> None:
    page = handout_html(handout())
    root, doctype = parse(page)
    assert doctype is not None and doctype.lower() == "doctype html"
    html = root.find("html")
    assert html.attrs.get("lang") == "en"
    assert any(meta.attrs.get("charset") == "utf-8" for meta in root.find_all("meta"))
    assert "Jane Doe" in root.find("title").text()
    # Offline: nothing is fetched from anywhere.
    assert not root.find_all("script") and not root.find_all("link") and not root.find_all("img")
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    style = root.find("style").text()
    assert "@page" in style and "size: A4" in style and "margin: 15mm" in style
    assert "break-inside: avoid" in style


def test_handout_has_every_section_in_order() -> None:
    root, _ = parse(handout_html(handout()))
    assert headings(root) == [
        "Your home-care plan",
        "Mention this to your doctor",
        "What we found",
        "Home care",
        "What to watch for",
        "When to call a doctor",
        "Your progress",
        "Next visit",
    ]
    header = root.find("header").text()
    assert "Jane Doe" in header and "2025-02-10" in header and "Sam Rivera" in header
    found = root.with_class("section", "found")[0].text()
    assert "Lower back pain" in found and "M54.50" in found and "My lower back aches after sitting all day" in found
    checklist = root.with_class("ul", "checklist")[0]
    assert [li.text() for li in checklist.find_all("li")] == list(handout().home_care)
    referral = root.with_class("section", "referral")[0].text()
    assert "routine" in referral and "Your pain has lasted more than 6 weeks." in referral
    assert "Weekly; 6 to 10 visits in all" in root.with_class("section", "next-visit")[0].text()
    assert "Decision support from massage-match, not a diagnosis." in root.find("footer").text()


def test_handout_always_gives_the_emergency_line() -> None:
    for data in (handout(), handout(call_doctor=())):
        root, _ = parse(handout_html(data))
        section = root.with_class("section", "call-doctor")[0]
        items = [li.text() for li in section.find_all("li")]
        assert items[-1] == (
            "Call emergency services now for chest pain, sudden weakness or numbness, or trouble breathing."
        )
        assert items[:-1] == list(data.call_doctor)


def test_handout_chart_is_markup_and_pain_table_lists_each_visit() -> None:
    root, _ = parse(handout_html(handout()))
    progress = root.with_class("section", "progress-section")[0]
    svg = progress.find("svg")
    assert svg.attrs.get("viewbox") == "0 0 100 40"
    assert svg.find_all("polyline") and "visits" in svg.find("text").text()
    rows = [[cell.text() for cell in row.find_all("td")] for row in progress.find("tbody").find_all("tr")]
    assert rows == [["2025-01-06", "7", "5"], ["2025-01-13", "6", "–"]]


def test_handout_omits_empty_sections() -> None:
    bare = handout(
        condition=None,
        icd10=(),
        complaint=None,
        home_care=(),
        watch_for=(),
        call_doctor=(),
        referral=None,
        next_visit=None,
        chart_svg=None,
        therapist=None,
        pain=(),
    )
    page = handout_html(bare)
    root, _ = parse(page)
    assert headings(root) == ["Your home-care plan", "When to call a doctor"]
    assert not root.find_all("svg") and not root.find_all("table") and not root.find_all("figure")
    assert "From" not in root.find("header").text()
    assert "Decision support from massage-match, not a diagnosis." in root.find("footer").text()


def test_handout_pain_table_without_a_chart_and_codes_without_a_condition() -> None:
    root, _ = parse(handout_html(handout(chart_svg=None, condition=None, complaint=None, icd10=("M54.50", "M62.830"))))
    assert "Your progress" in headings(root)
    assert not root.find_all("svg") and root.find_all("table")
    assert root.with_class("section", "found")[0].text() == "What we found ICD-10-CM M54.50, M62.830"


@pytest.mark.parametrize(
    ("urgency", "heading"),
    [
        ("emergency", "Get emergency care now"),
        ("urgent", "See your doctor soon"),
        ("postpone", "See your doctor before your next massage"),
        ("clearance", "Ask your doctor before your next massage"),
        ("something new", "See your doctor"),
    ],
)
def test_handout_referral_heading_says_what_to_do(urgency: str, heading: str) -> None:
    root, _ = parse(handout_html(handout(referral=(urgency, "Because."))))
    box = root.with_class("section", "referral")[0]
    assert box.find("h2").text() == heading
    assert box.with_class("span", "urgency")[0].text() == urgency


def test_handout_escapes_every_text_field() -> None:
    data = handout(
        client_name=hostile("client_name"),
        date=hostile("date"),
        condition=hostile("condition"),
        icd10=(hostile("icd10"),),
        complaint=hostile("complaint"),
        home_care=(hostile("home_care"),),
        watch_for=(hostile("watch_for"),),
        call_doctor=(hostile("call_doctor"),),
        referral=(hostile("urgency"), hostile("explanation")),
        next_visit=hostile("next_visit"),
        therapist=hostile("therapist"),
        pain=((hostile("pain_date"), 5, 3),),
    )
    page = handout_html(data)
    assert "<script" not in page
    names = ("client_name", "date", "condition", "icd10", "complaint", "home_care", "watch_for", "call_doctor")
    for name in (*names, "urgency", "explanation", "next_visit", "therapist", "pain_date"):
        assert escaped(name) in page, name
    root, _ = parse(page)
    assert not root.find_all("script")
    assert hostile("client_name") in root.find("title").text()


def test_letter_is_a_complete_self_contained_page() -> None:
    page = letter_html(letter())
    root, doctype = parse(page)
    assert doctype is not None and doctype.lower() == "doctype html"
    assert root.find("html").attrs.get("lang") == "en"
    assert any(meta.attrs.get("charset") == "utf-8" for meta in root.find_all("meta"))
    assert "Jane Doe" in root.find("title").text()
    assert not root.find_all("script") and not root.find_all("link") and not root.find_all("img")
    assert "http://" not in page and "https://" not in page
    style = root.find("style").text()
    assert "@page" in style and "size: A4" in style and "break-inside: avoid" in style


def test_letter_referral_reads_as_a_letter_with_a_reply_form() -> None:
    root, _ = parse(letter_html(letter()))
    text = root.find("body").text()
    assert root.find("time").text() == "2025-02-10"
    assert root.with_class("p", "recipient")[0].text() == "Dr A. Okafor Riverside Practice"
    assert "Dear Dr A. Okafor," in text
    assert root.find("h1").text() == "Re: Jane Doe, aged 54 – referral (urgent)"
    assert "I am referring Jane Doe to you, with urgent urgency" in text
    assert [li.text() for li in root.with_class("ul", "reasons")[0].find_all("li")] == list(letter().reasons)
    summary = root.with_class("section", "summary")[0]
    terms = [dt.text() for dt in summary.find_all("dt")]
    assert terms == ["In the client's words", "Health findings", "Working impression", "Planned treatment", "Pain"]
    summary_text = summary.text()
    for part in ("Anticoagulant medication (on warfarin)", "Lower back pain", "M54.50", "Swedish massage (CPT 97124)"):
        assert part in summary_text
    assert "Pain 7/10 before, 4/10 after the last of 3 visits" in summary_text
    assert "Yours sincerely," in text and "Sam Rivera" in root.with_class("div", "sign-off")[0].text()


def test_letter_reply_offers_the_three_answers_and_signature_lines() -> None:
    root, _ = parse(letter_html(letter()))
    reply = root.with_class("section", "reply")[0]
    answers = reply.with_class("ul", "answers")[0].find_all("li")
    assert len(answers) == 3
    assert answers[0].text().startswith("No restriction: massage therapy may proceed")
    assert answers[1].text().startswith("May proceed with these modifications:")
    assert len(answers[1].with_class("div", "write-line")) >= 2
    assert answers[2].text().startswith("Not advisable at this time")
    assert [dt.text() for dt in reply.find("dl").find_all("dt")] == ["Name", "Signature", "Date", "Phone"]


def test_letter_clearance_and_information_requests() -> None:
    root, _ = parse(letter_html(letter(request="clearance", urgency=None, reasons=("Recent surgery",))))
    text = root.find("body").text()
    assert root.find("h1").text().endswith("request for medical clearance")
    assert "whether it may proceed, and with what modifications, in view of the following:" in text
    assert "referring" not in text

    root, _ = parse(letter_html(letter(request="information", urgency=None, reasons=())))
    text = root.find("body").text()
    assert root.find("h1").text().endswith("for your information")
    assert "to keep you informed" in text
    assert not root.with_class("ul", "reasons")
    # The reply form is there for every letter.
    assert len(root.with_class("ul", "answers")[0].find_all("li")) == 3


def test_letter_rejects_an_unknown_request() -> None:
    with pytest.raises(ValueError, match="unknown letter request"):
        letter_html(letter(request="invoice"))


@pytest.mark.parametrize(
    ("physician", "salutation"),
    [
        (None, "Dear Doctor,"),
        ("", "Dear Doctor,"),
        ("A. Okafor, Riverside Practice", "Dear Dr A. Okafor,"),
        ("Dr. Lee", "Dear Dr. Lee,"),
    ],
)
def test_letter_salutation(physician: str | None, salutation: str) -> None:
    root, _ = parse(letter_html(letter(physician=physician)))
    paragraphs = [p.text() for p in root.find_all("p")]
    assert salutation in paragraphs
    if not physician:
        assert not root.with_class("p", "recipient")


def test_letter_omits_empty_sections() -> None:
    bare = letter(
        client_age=None,
        physician=None,
        therapist=None,
        request="clearance",
        urgency=None,
        reasons=(),
        complaint=None,
        condition=None,
        icd10=(),
        findings=(),
        planned=(),
        pain=None,
    )
    root, _ = parse(letter_html(bare))
    assert headings(root) == ["Re: Jane Doe – request for medical clearance", "Physician's reply about Jane Doe"]
    assert not root.with_class("section", "summary") and not root.with_class("ul", "reasons")
    assert "aged" not in root.find("body").text()

    root, _ = parse(letter_html(letter(findings=(), planned=(), complaint=None, pain=None)))
    assert [dt.text() for dt in root.find("dl").find_all("dt")] == ["Working impression"]


def test_letter_escapes_every_text_field() -> None:
    data = letter(
        date=hostile("date"),
        client_name=hostile("client_name"),
        physician=hostile("physician"),
        therapist=hostile("therapist"),
        urgency=hostile("urgency"),
        reasons=(hostile("reasons"),),
        complaint=hostile("complaint"),
        condition=hostile("condition"),
        icd10=(hostile("icd10"),),
        findings=(hostile("findings"),),
        planned=(hostile("planned"),),
        pain=hostile("pain"),
    )
    page = letter_html(data)
    assert "<script" not in page
    names = ("date", "client_name", "physician", "therapist", "urgency", "reasons", "complaint", "condition")
    for name in (*names, "icd10", "findings", "planned", "pain"):
        assert escaped(name) in page, name
    root, _ = parse(page)
    assert not root.find_all("script")


def test_importing_documents_does_not_import_jinja2() -> None:
    probe = "print(sorted(name for name in ('jinja2', 'markupsafe') if name in sys.modules))"
    code = f"import sys, massage_match.records.documents\n{probe}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    # The same probe sees Jinja2 once a page is rendered, so the check above can fail.
    code = f"import sys\nfrom massage_match.records import documents\ndocuments._environment()\n{probe}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['jinja2', 'markupsafe']"
