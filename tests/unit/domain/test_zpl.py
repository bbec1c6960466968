"""ZPL rules without a printer: label checks, ~HS answers, ^GF graphics."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from packstation.domain.notes import Note, NoteKind
from packstation.domain.printing import PrinterFault, PrinterLanguage, PrinterProfile
from packstation.domain.shipping import LabelFormat
from packstation.domain.zpl import (
    DocumentKind,
    GraphicEncoding,
    HostStatusError,
    ZplIssue,
    check_zpl,
    describe_faults,
    detect_kind,
    encode_graphic_field,
    format_host_status,
    graphic_label,
    host_status_complete,
    parse_host_status,
    z64_crc,
)
from tests.label_samples import sandbox_label
from tests.zpl_graphics import crc16_ccitt, decode_rows, decode_z64, read_graphic

ZPL_203 = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203)
ZPL_300 = PrinterProfile(language=PrinterLanguage.ZPL, dpi=300)


def issues(content: bytes, profile: PrinterProfile = ZPL_203, **kw: LabelFormat) -> set[ZplIssue]:
    return {p.issue for p in check_zpl(content, profile, kw.get("declared")).problems}


# ---------------------------------------------------------------- label checks


@pytest.mark.parametrize(
    ("fmt", "profile"), [(LabelFormat.ZPL, ZPL_203), (LabelFormat.ZPL300, ZPL_300)]
)
def test_sandbox_labels_pass_on_the_printer_they_were_made_for(
    fmt: LabelFormat, profile: PrinterProfile
) -> None:
    label = sandbox_label(fmt)

    report = check_zpl(label.content, profile, label.format)

    assert report.problems == ()
    assert report.labels == 1
    assert report.print_width == (812 if fmt is LabelFormat.ZPL else 1218)


def test_a_300_dpi_label_on_a_203_dpi_printer_is_refused_with_the_fix() -> None:
    label = sandbox_label(LabelFormat.ZPL300)

    report = check_zpl(label.content, ZPL_203)  # found from ^PW alone, without the format

    assert report.refusal is not None
    assert report.refusal.issue is ZplIssue.DPI_300_ON_203
    assert "Set the label format to 'zpl'" in report.refusal.message


def test_a_declared_300_dpi_label_is_refused_even_without_pw() -> None:
    report = check_zpl(b"^XA^FO10,10^FDx^FS^XZ", ZPL_203, LabelFormat.ZPL300)

    assert report.refusal is not None
    assert report.refusal.issue is ZplIssue.DPI_300_ON_203


def test_a_203_dpi_label_on_a_300_dpi_printer_prints_with_a_warning() -> None:
    label = sandbox_label(LabelFormat.ZPL)

    report = check_zpl(label.content, ZPL_300, label.format)

    assert report.refusal is None
    assert [p.issue for p in report.problems] == [ZplIssue.DPI_203_ON_300]
    assert "two thirds of its size" in report.warnings[0]
    assert "zpl300" in report.warnings[0]
    # typed, so the window words it in its own language (the cycle adds the label's code)
    (warning,) = report.warnings
    assert isinstance(warning, Note)
    assert warning.kind is NoteKind.LABEL_FOR_LOWER_DPI
    assert dict(warning.facts) == {"dpi": 300}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"^XA^FDx^FS", ZplIssue.CUT_OFF),
        (b"^XA^FDx^FS^XZ^XZ", ZplIssue.UNBALANCED),
        (b"^XA^FDx^FS^XA^FDy^FS^XZ", ZplIssue.UNBALANCED),
        (b"^XA^PW812^LL1218^XZ", ZplIssue.EMPTY_LABEL),
        (b"^XA\n\n^XZ", ZplIssue.EMPTY_LABEL),
        (b"hello printer", ZplIssue.NOT_ZPL),
        (b"%PDF-1.4 ...", ZplIssue.NOT_ZPL),
    ],
)
def test_labels_that_would_certainly_come_out_wrong_are_refused(
    content: bytes, expected: ZplIssue
) -> None:
    report = check_zpl(content, ZPL_203)

    assert report.refusal is not None
    assert expected in {p.issue for p in report.problems if p.refuse}


def test_a_pdf_sent_as_zpl_is_named() -> None:
    report = check_zpl(b"%PDF-1.4 ...", ZPL_203)
    assert report.refusal is not None
    assert "is a PDF" in report.refusal.message


def test_size_warnings_for_a_label_larger_than_the_stock() -> None:
    small_stock = PrinterProfile(language=PrinterLanguage.ZPL, dpi=203, width_mm=76, height_mm=51)

    found = issues(b"^XA^PW812^LL1218^FO10,10^FDx^FS^XZ", small_stock)

    assert found == {ZplIssue.TOO_WIDE, ZplIssue.TOO_LONG}
    warnings = check_zpl(b"^XA^PW812^LL1218^FO10,10^FDx^FS^XZ", small_stock).warnings
    assert [(w.kind, dict(w.facts)) for w in warnings if isinstance(w, Note)] == [
        (NoteKind.LABEL_TOO_WIDE, {"width_mm": 102, "stock_mm": 76}),
        (NoteKind.LABEL_TOO_LONG, {"length_mm": 152, "stock_mm": 51}),
    ]


def test_a_label_within_the_stock_has_no_size_problem() -> None:
    assert issues(b"^XA^PW800^LL1200^FO10,10^FDx^FS^XZ") == set()
    assert issues(b"^XA^FO10,10^FDx^FS^XZ") == set()  # no ^PW: the printer's own width


def test_binary_graphics_are_skipped_when_reading_commands() -> None:
    # binary ^GFB data may contain bytes that look like ^XZ
    data = b"^XA^FO0,0^GFB,4,4,1,\x5e\x58\x5a\x00^FS^XZ"

    report = check_zpl(data, ZPL_203)

    assert report.problems == ()
    assert report.labels == 1


def test_barcode_only_labels_are_not_empty() -> None:
    assert issues(b"^XA^BY3^BCN,100,Y,N,N^FD12345^FS^XZ") == set()
    assert ZplIssue.EMPTY_LABEL in issues(b"^XA^BY3^XZ")


def test_several_labels_in_one_file() -> None:
    report = check_zpl(b"^XA^FDa^FS^XZ\n^XA^FDb^FS^XZ\n", ZPL_203)
    assert report.labels == 2
    assert report.problems == ()


def test_document_kinds() -> None:
    assert detect_kind(b"\xef\xbb\xbf  %PDF-1.7") is DocumentKind.PDF
    assert detect_kind(b"\n^XA^XZ") is DocumentKind.ZPL
    assert detect_kind(b"^xa^xz") is DocumentKind.ZPL
    assert detect_kind(b"GIF89a") is None


# ---------------------------------------------------------------- ~HS


def test_a_real_host_status_answer_is_read() -> None:
    answer = (
        b"\x02030,1,0,1218,003,0,0,0,000,0,0,0\x03\r\n"
        b"\x02001,0,1,0,1,2,6,0,00000007,1,012\x03\r\n"
        b"\x021234,0\x03\r\n"
    )

    status = parse_host_status(answer)

    assert status.paper_out
    assert status.head_up
    assert not status.paused
    assert status.label_length == 1218
    assert status.formats_in_buffer == 3
    assert status.labels_remaining == 7
    assert status.graphics_stored == 12
    assert status.faults == (PrinterFault.PAPER_OUT, PrinterFault.HEAD_OPEN)
    printer_status = status.to_printer_status()
    assert not printer_status.ready
    assert printer_status.labels_remaining == 7
    assert "3 label format(s) waiting" in printer_status.detail


@pytest.mark.parametrize(
    ("flags", "fault"),
    [
        ({"paper_out": True}, PrinterFault.PAPER_OUT),
        ({"paused": True}, PrinterFault.PAUSED),
        ({"head_up": True}, PrinterFault.HEAD_OPEN),
        ({"ribbon_out": True, "thermal_transfer": True}, PrinterFault.RIBBON_OUT),
        ({"buffer_full": True}, PrinterFault.BUFFER_FULL),
    ],
)
def test_each_fault_flag(flags: dict[str, bool], fault: PrinterFault) -> None:
    assert parse_host_status(format_host_status(**flags)).faults == (fault,)


def test_ribbon_out_does_not_count_in_direct_thermal_mode() -> None:
    status = parse_host_status(format_host_status(ribbon_out=True, thermal_transfer=False))
    assert status.faults == ()


def test_temperature_and_ram_flags() -> None:
    answer = (
        b"\x02030,0,0,1218,000,0,0,0,000,1,1,1\x03\r\n"
        b"\x02001,0,0,0,0,2,6,0,00000000,1,000\x03\r\n"
        b"\x021234,0\x03\r\n"
    )
    status = parse_host_status(answer)
    assert status.faults == (PrinterFault.HEAD_TOO_HOT, PrinterFault.OTHER)
    assert "cold" in status.to_printer_status().detail


def test_an_idle_ready_printer() -> None:
    status = parse_host_status(format_host_status())
    assert status.idle
    assert status.to_printer_status().ready


@pytest.mark.parametrize(
    "answer",
    [
        b"",
        b"\x02030,0,0\x03\r\n",
        b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n\x02001,0\x03\r\n",
        b"\x02030,0,0,abcd,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,0,2,6,0,00000000,1,000\x03",
    ],
)
def test_broken_answers_are_refused(answer: bytes) -> None:
    with pytest.raises(HostStatusError):
        parse_host_status(answer)


def test_an_answer_is_complete_after_three_frames() -> None:
    full = format_host_status()
    assert host_status_complete(full)
    assert not host_status_complete(full[:-10])


def test_faults_in_words() -> None:
    assert describe_faults([PrinterFault.PAPER_OUT]) == "the labels have run out"
    assert (
        describe_faults([PrinterFault.PAPER_OUT, PrinterFault.HEAD_OPEN, PrinterFault.PAUSED])
        == "the labels have run out, the print head is open and the printer is paused"
    )


# ---------------------------------------------------------------- ^GF


def test_rows_are_compressed_with_zebra_ascii_compression() -> None:
    rows = [bytes(4), bytes(4), b"\xff\xff\xff\xff", b"\x0f\x00\x00\x00", b"\xab\xff\xff\xff"]

    field = encode_graphic_field(rows, 4)

    assert field == "^GFA,20,20,4,,:!0F,AB!"


def test_long_runs_use_count_letters() -> None:
    row = b"\x00" + b"\x11" * 300 + b"\x00"  # 600 '1' digits between zeros

    field = encode_graphic_field([row], len(row))

    assert "z" in field  # 400
    assert decode_rows(field.split(",", 4)[4], len(row)) == [row]


@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda width: st.lists(
            st.one_of(
                st.binary(min_size=width, max_size=width),
                st.sampled_from([bytes(width), b"\xff" * width]),
            ),
            min_size=1,
            max_size=20,
        )
    )
)
def test_graphics_decode_back_to_the_same_rows(rows: list[bytes]) -> None:
    width = len(rows[0])

    for encoding in GraphicEncoding:
        label = graphic_label(rows, width, width=width * 8, length=len(rows), encoding=encoding)

        graphic = read_graphic(label)
        assert graphic.rows == rows
        assert graphic.total_bytes == width * len(rows)


def test_labels_carry_z64_graphics_by_default() -> None:
    rows = [b"\x00\xff", b"\x0f\xf0", b"\x00\xff"]

    label = graphic_label(rows, 2, width=16, length=3).decode("ascii")

    assert label.startswith("^XA^PW16^LL3^LH0,0^FO0,0^GFA,6,6,2,:Z64:")
    data = label.split(",", 6)[6].split("^FS")[0]
    assert decode_z64(data, 2) == rows
    text, crc = data.removeprefix(":Z64:").split(":")
    assert int(crc, 16) == crc16_ccitt(text.encode("ascii"))


def test_the_z64_crc_is_crc16_ccitt_over_the_base64_text() -> None:
    assert z64_crc("123456789") == "31C3"  # the published check value of CRC-16/XMODEM
    assert z64_crc("") == "0000"
    assert z64_crc("eJxjYGBgAAAABQAB") == f"{crc16_ccitt(b'eJxjYGBgAAAABQAB'):04X}"


def test_a_damaged_z64_field_is_noticed_when_read_back() -> None:
    field = encode_graphic_field([b"\x12\x34"] * 4, 2, GraphicEncoding.Z64)
    data = field.split(",", 4)[4]
    text, crc = data.removeprefix(":Z64:").split(":")
    wrong = f"{(int(crc, 16) + 1) % 0x10000:04X}"

    with pytest.raises(ValueError, match="CRC"):
        decode_z64(f":Z64:{text}:{wrong}", 2)


def test_rows_of_the_wrong_length_are_refused() -> None:
    for encoding in GraphicEncoding:
        with pytest.raises(ValueError, match="expected 2"):
            encode_graphic_field([b"\x00\x00", b"\x00"], 2, encoding)
