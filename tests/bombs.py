"""Small files that would make a careless reader use gigabytes (issue 16, bounded work).

Each generator writes its file quickly without ever holding what it unpacks to: the workbooks
are assembled part by part as a zip file, and the huge part's deflate stream is one
compressed megabyte repeated.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

__all__ = [
    "huge_shared_string_xlsx",
    "minimal_xlsx",
    "supplier_csv",
    "wide_rows_xlsx",
]

_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _static_parts(
    shared_strings: bool, strings_name: str = "xl/sharedStrings.xml"
) -> dict[str, bytes]:
    strings_type = (
        f'<Override PartName="/{strings_name}" ContentType="{_MAIN}.sharedStrings+xml"/>'
        if shared_strings
        else ""
    )
    strings_rel = (
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="/{strings_name}"/>'
        if shared_strings
        else ""
    )
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_MAIN}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_MAIN}.worksheet+xml"/>'
            f"{strings_type}</Types>"
        ).encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL}">'
            '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{strings_rel}</Relationships>"
        ).encode(),
    }


def _sheet(rows: str, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SHEET_NS}">{dim}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def minimal_xlsx(rows: list[list[str]], dimension: str | None = None) -> bytes:
    """A workbook of inline-string cells, row by row from column A (for the small cases)."""
    body = []
    for number, values in enumerate(rows, start=1):
        cells = "".join(
            _inline(f"{_column(i)}{number}", value) for i, value in enumerate(values, start=1)
        )
        body.append(f'<row r="{number}">{cells}</row>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _static_parts(False).items():
            archive.writestr(name, data)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet("".join(body), dimension))
    return buffer.getvalue()


def wide_rows_xlsx(path: Path, rows: int = 20_000, dimension: str | None = None) -> Path:
    """The issue's first bomb (about 100 KB): a header in A1, then one cell in column XFD
    (16 384) on each of ``rows`` rows; without a <dimension> unless one is given."""
    body = [f'<row r="1">{_inline("A1", "supplier_id")}</row>']
    body += [f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(2, rows + 2)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in _static_parts(False).items():
            archive.writestr(name, data)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet("".join(body), dimension))
    return path


def huge_shared_string_xlsx(
    path: Path, size: int = 1_500 * 1024 * 1024, strings_name: str = "xl/sharedStrings.xml"
) -> Path:
    """The issue's second bomb (about 1.5 MB): one shared string of ``size`` letters, used by
    one cell. Its deflate stream is one compressed megabyte, flushed, repeated."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_SHEET_NS}" count="1" '
    head += 'uniqueCount="1"><si><t>'
    tail = b"</t></si></sst>"
    chunk = b"a" * (1024 * 1024)
    repeats = size // len(chunk)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head.encode()) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = middle.compress(chunk) + middle.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = last.compress(tail) + last.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head.encode())
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    unpacked = len(head.encode()) + repeats * len(chunk) + len(tail)
    packed = len(first) + repeats * len(block) + len(end)
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    parts: list[tuple[str, bytes | None]] = [
        (n, d) for n, d in _static_parts(True, strings_name).items()
    ]
    parts.append(("xl/worksheets/sheet1.xml", sheet))
    with path.open("wb") as out:
        central = []
        for name, data in [*parts, (strings_name, None)]:
            offset = out.tell()
            if data is not None:
                packed_data = zlib.compress(data, 9)[2:-4]
                entry = (name, zlib.crc32(data), len(packed_data), len(data))
                out.write(_local_header(*entry))
                out.write(packed_data)
            else:
                entry = (name, crc, packed, unpacked)
                out.write(_local_header(*entry))
                out.write(first)
                for _ in range(repeats):
                    out.write(block)
                out.write(end)
            central.append((*entry, offset))
        start = out.tell()
        for name, entry_crc, csize, usize, offset in central:
            encoded = name.encode()
            out.write(
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    entry_crc,
                    csize,
                    usize,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        size_cd = out.tell() - start
        count = len(central)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size_cd, start, 0))
    return path


def _local_header(name: str, crc: int, packed: int, unpacked: int) -> bytes:
    encoded = name.encode()
    fixed = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, packed, unpacked, len(encoded), 0
    )
    return fixed + encoded


def _column(number: int) -> str:
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def supplier_csv(path: Path, rows: int) -> Path:
    """A valid table of ``rows`` suppliers, varied as real ones are (ids all different,
    answers and numbers from a few hundred combinations)."""
    header = (
        "supplier_id,runs_business,main_aim_work_integration,participation_documented,"
        "employees_total,employees_target_group"
    )
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header + "\n")
        for n in range(rows):
            flags = ["true" if (n >> bit) & 1 else "false" for bit in range(3)]
            total = 10 + n % 40
            out.write(f"s{n},{','.join(flags)},{total},{n % 7}\n")
    return path
