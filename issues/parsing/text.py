"""Bytes to text, and the character-level helpers every other parser module uses.

Matching runs on a normalised copy of each line (full-width ASCII folded to ASCII, U+3000 to a
space) made with a 1:1 translation table, so a regex span found in the copy is valid in the
original: what is stored is always the text as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import ParseError, ParseWarning

# Full-width ASCII (U+FF01–U+FF5E) → ASCII, ideographic space → space; 1:1, so lengths never change.
NORMALISE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
NORMALISE[0x3000] = ord(" ")
NORMALISE[0x00A0] = ord(" ")


_NEEDS_NORMALISING = re.compile("[\uff01-\uff5e\u3000\u00a0]")


def normalise(text: str) -> str:
    # str.translate walks a dict per character; most OCR lines need nothing, so look first.
    return text.translate(NORMALISE) if _NEEDS_NORMALISING.search(text) else text


HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
# Unicode category Cc (C0 and C1 controls, DEL) except the whitespace controls: a regex counts them
# many times faster than asking unicodedata about every character.
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Trailing characters that close a quotation or bracket, looked through by `is_closed`.
CLOSERS = "”’」』)]】》〉\"'"
CLOSING_PUNCTUATION = "。!?…;:"


def is_closed(text: str) -> bool:
    """True when a (normalised) paragraph ends at closing punctuation, false at a column break."""
    stripped = normalise(text).rstrip()
    while stripped and stripped[-1] in CLOSERS:
        stripped = stripped[:-1].rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    if last in CLOSING_PUNCTUATION:
        return True
    # An OCR'd "．" for "。" after Chinese text; not "No.1" or "3.5".
    return last == "." and len(stripped) > 1 and bool(HAN_RE.match(stripped[-2]))


def has_han(text: str) -> bool:
    return HAN_RE.search(text) is not None


@dataclass(frozen=True)
class Line:
    """One non-blank source line: 1-based number, the text as printed (edges trimmed), normalised copy."""

    number: int
    text: str
    norm: str


# Invisible format characters: zero-width (U+200B–U+200D, U+2060–U+2064, U+FEFF, soft hyphen,
# U+180E), direction marks and controls (U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069) and the
# deprecated U+206A–U+206F. Printed paper has none: they come from copy-paste or a hostile file,
# reverse how a headline displays (U+202E) and split the words search looks for (U+200B).
INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def split_lines(text: str) -> list[tuple[int, str]]:
    """Numbered lines (LF, CRLF or CR), invisible characters removed, edges trimmed; blank lines
    kept as "". (The issue's source_text keeps the text as it came.)"""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = LINE_BREAK_RE.split(text)
    if INVISIBLE_RE.search(text):
        lines = [INVISIBLE_RE.sub("", line) for line in lines]
    return [(number, raw.strip()) for number, raw in enumerate(lines, start=1)]


def invisible_characters_warning(text: str) -> ParseWarning | None:
    """One warning naming the lines (and code points) from which split_lines removed characters."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not INVISIBLE_RE.search(text):
        return None
    numbers: list[int] = []
    points: dict[str, None] = {}
    for number, line in enumerate(LINE_BREAK_RE.split(text), start=1):
        found = INVISIBLE_RE.findall(line)
        if found:
            numbers.append(number)
            points.update(dict.fromkeys(found))
    shown = "、".join(str(n) for n in numbers[:10]) + (f"等{len(numbers)}" if len(numbers) > 10 else "")
    codes = "、".join(f"U+{ord(ch):04X}" for ch in list(points)[:8])
    return ParseWarning(
        "invisible_characters",
        f"第{shown}行含有不可见的控制字符（零宽字符或文字方向控制符：{codes}），已删除；原文保存在本期原始文本中",
        numbers[0],
    )


def _refuse_mixed_encodings(data: bytes, position: int) -> None:
    """Valid UTF-8 Chinese followed by foreign bytes is a file pieced together from two encodings;
    decoding it as GB18030 would turn the UTF-8 part into plausible-looking nonsense. (Pure GBK
    text fails UTF-8 within its first few characters, and its bytes rarely form UTF-8 by chance.)"""
    before = data[:position].decode("utf-8", errors="replace")
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if sum(1 for ch in before if ord(ch) > 0x7F) >= 10 or (good >= 20 and good * 2 > bad):
        raise ParseError(f"文件混用了编码：前面是 UTF-8，但第 {position} 字节起有其他编码（如 GBK）的字节")


def decode(data: bytes) -> tuple[str, str]:
    """Decode an OCR'd text file: UTF-8 (with or without BOM) or GB18030/GBK."""
    if not data or not data.strip():
        raise ParseError("文件为空")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("文件是 UTF-16 编码，请另存为 UTF-8 或 GB18030 后再导入")
    if b"\x00" in data:
        raise ParseError("文件是二进制数据，不是文本（含有空字节）")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ParseError(f"文件以 UTF-8 标记开头，但第 {exc.start} 字节起无法按 UTF-8 解码") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            _refuse_mixed_encodings(data, exc.start)
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"无法识别文件编码：既不是 UTF-8 也不是 GB18030/GBK（第 {exc.start} 字节起无法解码）"
                ) from None
    if not text.strip():
        raise ParseError("文件为空")
    controls = len(CONTROL_RE.findall(text))
    if controls and controls * 10 > len(text):
        raise ParseError("文件是二进制数据，不是文本（控制字符过多）")
    return text, encoding
